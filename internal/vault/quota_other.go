//go:build !unix

package vault

func isQuota(error) bool { return false }

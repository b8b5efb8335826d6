package ui

import (
	"errors"
	"net/http"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"
)

// ErrNetworkDenied is returned for every attempt to reach the network:
// Safehouse never connects to the internet (THREATS.md, A3).
var ErrNetworkDenied = errors.New("network access is disabled in Safehouse")

// netAttempts counts refused network attempts, HTTP and URI alike.
var netAttempts atomic.Int64

// denyTransport is an [http.RoundTripper] that refuses every request.
type denyTransport struct{}

func (denyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	netAttempts.Add(1)
	if r.Body != nil {
		r.Body.Close()
	}
	return nil, ErrNetworkDenied
}

// denyRepository is a Fyne storage repository for http and https URIs that
// refuses every operation, so Markdown images and any other URI read never
// reach the network.
type denyRepository struct{}

var _ repository.Repository = denyRepository{}

func (denyRepository) Exists(fyne.URI) (bool, error) {
	netAttempts.Add(1)
	return false, ErrNetworkDenied
}

func (denyRepository) Reader(fyne.URI) (fyne.URIReadCloser, error) {
	netAttempts.Add(1)
	return nil, ErrNetworkDenied
}

func (denyRepository) CanRead(fyne.URI) (bool, error) {
	netAttempts.Add(1)
	return false, ErrNetworkDenied
}

func (denyRepository) Destroy(string) {}

var denyMu sync.Mutex

// DenyNetwork replaces [http.DefaultTransport], the transport of
// [http.DefaultClient] and Fyne's http and https URI handlers with stubs
// that refuse and count every attempt. A Fyne app registers its own http
// handlers when it is created, so call DenyNetwork after creating the app.
// It is safe to call more than once.
func DenyNetwork() {
	denyMu.Lock()
	defer denyMu.Unlock()
	http.DefaultTransport = denyTransport{}
	http.DefaultClient.Transport = denyTransport{}
	repository.Register("http", denyRepository{})
	repository.Register("https", denyRepository{})
}

// NetworkAttempts returns how many network attempts were refused since the
// program started.
func NetworkAttempts() int64 { return netAttempts.Load() }

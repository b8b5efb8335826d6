// Package date provides [Date], a calendar date without time of day or
// zone, used for follow-ups and task due dates.
//
// # Format
//
// A Date is written as "YYYY-MM-DD" (ISO 8601 calendar date) in text, JSON
// and the database; the zero Date is written as the empty string.
package date

// Package problem holds the error type every scribe check and command
// reports: where the problem is (file and line), which rule it breaks,
// and what the user should do about it.
package problem

import (
	"errors"
	"fmt"
	"strings"
)

// Severity says whether a problem fails a command or only informs.
type Severity int

const (
	// Error fails the command or check.
	Error Severity = iota
	// Warning is reported but does not fail unless the caller is strict.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one finding. File is relative to the repository root where
// the caller knows it; Line is 1-based and 0 when no line applies.
type Problem struct {
	File     string
	Line     int
	Rule     string
	Message  string
	Hint     string
	Severity Severity
}

// Error renders the problem the way compilers do, so editors can jump to it:
// "file:line: message (rule)" and, on the next line, what to do.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if p.Rule != "" {
		fmt.Fprintf(&b, " [%s]", p.Rule)
	}
	if p.Hint != "" {
		b.WriteString("\n  hint: ")
		b.WriteString(p.Hint)
	}
	return b.String()
}

// New returns an error-severity problem.
func New(file string, line int, rule, message, hint string) *Problem {
	return &Problem{File: file, Line: line, Rule: rule, Message: message, Hint: hint}
}

// Newf is New with a formatted message.
func Newf(file string, line int, rule, hint, format string, args ...any) *Problem {
	return New(file, line, rule, fmt.Sprintf(format, args...), hint)
}

// InFile sets the file of err when err is a *Problem without one, so that
// lower layers can report a line and callers the path they read.
func InFile(err error, file string) error {
	var p *Problem
	if errors.As(err, &p) && p.File == "" {
		q := *p
		q.File = file
		return &q
	}
	return err
}

// List is a set of problems returned as one error.
type List []*Problem

func (l List) Error() string {
	parts := make([]string, len(l))
	for i, p := range l {
		parts[i] = p.Error()
	}
	return strings.Join(parts, "\n")
}

// Err returns the list as an error, or nil when it holds no errors.
func (l List) Err() error {
	for _, p := range l {
		if p.Severity == Error {
			return l
		}
	}
	return nil
}

package main

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IO holds the streams a command reads and writes, and what they are
// connected to, so that colour and prompts follow the terminal and tests
// can swap in buffers.
type IO struct {
	In          io.Reader
	Out, ErrOut io.Writer
	InTTY       bool
	OutTTY      bool
	NoColor     bool // NO_COLOR is set
}

// SystemIO is the process's own standard streams.
func SystemIO() *IO {
	_, noColor := os.LookupEnv("NO_COLOR")
	return &IO{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:   term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY:  term.IsTerminal(int(os.Stdout.Fd())),
		NoColor: noColor,
	}
}

// TestIO returns streams backed by buffers, none of them a terminal.
func TestIO(stdin string) (*IO, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &IO{In: bytes.NewBufferString(stdin), Out: &out, ErrOut: &errOut}, &out, &errOut
}

// Color reports whether output may be coloured: a terminal, and no NO_COLOR.
func (s *IO) Color(mode string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return s.OutTTY && !s.NoColor
}

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
	NoColor     bool // the environment asks for no colour: NO_COLOR set and not empty, or TERM=dumb
}

// SystemIO is the process's own standard streams.
func SystemIO() *IO {
	return &IO{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:   term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY:  term.IsTerminal(int(os.Stdout.Fd())),
		NoColor: noColorEnv(os.Getenv),
	}
}

// noColorEnv reports whether the environment asks for no colour: NO_COLOR
// set to anything but the empty string (no-color.org), or a terminal
// that cannot show it (TERM=dumb).
func noColorEnv(getenv func(string) string) bool {
	return getenv("NO_COLOR") != "" || getenv("TERM") == "dumb"
}

// colorModes are the values --color takes.
var colorModes = []string{"auto", "always", "never"}

// TestIO returns streams backed by buffers, none of them a terminal.
func TestIO(stdin string) (*IO, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &IO{In: bytes.NewBufferString(stdin), Out: &out, ErrOut: &errOut}, &out, &errOut
}

// Color reports whether output may be coloured: with --color auto, a
// terminal whose environment does not ask for none.
func (s *IO) Color(mode string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return s.OutTTY && !s.NoColor
}

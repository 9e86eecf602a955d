package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/rivo/uniseg"
	"golang.org/x/term"
)

// errEditCancelled is what editLine returns for Ctrl-C: nothing decided.
var errEditCancelled = errors.New("edit cancelled: nothing decided")

// editLine lets the reviewer edit start on the terminal f, in place, after
// prompt: the text is shown as it is, leading white space and all, with
// the cursor at its end. Keys: printable characters insert at the cursor;
// Backspace deletes before it, Delete under it; ← → move it, Home / Ctrl-A
// and End / Ctrl-E to either end; Ctrl-U deletes up to it, Ctrl-K from it;
// Enter takes the line; Ctrl-C cancels. in reads f (buffered).
func editLine(in *bufio.Reader, out io.Writer, f *os.File, prompt, start string) (string, error) {
	fd := int(f.Fd())
	old, err := term.MakeRaw(fd)
	if err != nil {
		return "", err
	}
	defer func() { _ = term.Restore(fd, old) }()
	buf := []rune(start)
	cur := len(buf)
	draw := func() {
		// Back to the line's start, clear it, write it, and step back over
		// what lies after the cursor.
		fmt.Fprintf(out, "\r\x1b[K%s%s", prompt, string(buf))
		if back := uniseg.StringWidth(string(buf[cur:])); back > 0 {
			fmt.Fprintf(out, "\x1b[%dD", back)
		}
	}
	draw()
	for {
		r, _, err := in.ReadRune()
		if err != nil {
			return "", err
		}
		switch r {
		case '\r', '\n':
			fmt.Fprint(out, "\r\n")
			return string(buf), nil
		case 0x03: // Ctrl-C
			fmt.Fprint(out, "\r\n")
			return "", errEditCancelled
		case 0x7f, 0x08: // Backspace
			if cur > 0 {
				buf = slices.Delete(buf, cur-1, cur)
				cur--
			}
		case 0x01: // Ctrl-A
			cur = 0
		case 0x05: // Ctrl-E
			cur = len(buf)
		case 0x15: // Ctrl-U
			buf, cur = buf[cur:], 0
		case 0x0b: // Ctrl-K
			buf = buf[:cur]
		case 0x1b: // an escape sequence: ESC [ X, or ESC [ N ~
			cur, buf = escape(in, cur, buf)
		default:
			if r >= 0x20 {
				buf = slices.Insert(buf, cur, r)
				cur++
			}
		}
		draw()
	}
}

// escape reads the rest of an escape sequence and applies it to the line.
func escape(in *bufio.Reader, cur int, buf []rune) (int, []rune) {
	if b, err := in.ReadByte(); err != nil || b != '[' && b != 'O' {
		return cur, buf
	}
	b, err := in.ReadByte()
	if err != nil {
		return cur, buf
	}
	if b >= '0' && b <= '9' {
		if t, err := in.ReadByte(); err != nil || t != '~' {
			return cur, buf
		}
		switch b {
		case '1', '7':
			return 0, buf
		case '4', '8':
			return len(buf), buf
		case '3':
			if cur < len(buf) {
				buf = slices.Delete(buf, cur, cur+1)
			}
		}
		return cur, buf
	}
	switch b {
	case 'C':
		cur = min(cur+1, len(buf))
	case 'D':
		cur = max(cur-1, 0)
	case 'H':
		cur = 0
	case 'F':
		cur = len(buf)
	}
	return cur, buf
}

package ocrformat

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
)

// node is an element of a parsed file, or a run of text (name "").
type node struct {
	name   string // local name; "" for text
	attr   map[string]string
	text   string // of a text node
	kids   []*node
	parent *node
	off    int // byte offset of the element's start in the file
	order  int // position in document order
}

// maxDepth bounds the nesting of elements; real OCR files nest a dozen deep.
const maxDepth = 256

// maxSize bounds a file: a page of OCR is rarely more than a few
// megabytes, even with a glyph per character.
const maxSize = 256 << 20

// doc is a parsed file with what is needed to name places in it.
type doc struct {
	file string
	src  []byte
	root *node
}

// parseXML reads src into a tree. It never reads anything outside src:
// the DOCTYPE is skipped unread, and only the XML entities and those of
// entities (nil for none) are known.
func parseXML(file string, src []byte, entities map[string]string) (*doc, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	d := &doc{file: file, src: src}
	if len(src) > maxSize {
		return nil, &Error{File: file, Message: fmt.Sprintf("the file is %d bytes, more than the %d scribe reads", len(src), maxSize),
			Hint: "import one page or a few pages per file"}
	}
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = true
	dec.Entity = entities
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		e, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unknown encoding %q", label)
		}
		return e.NewDecoder().Reader(r), nil
	}
	var stack []*node
	order := 0
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, d.syntaxError(err, off, int(dec.InputOffset()))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, d.errorAt(off, fmt.Sprintf("elements nest more than %d deep", maxDepth), "check that this is an OCR file")
			}
			n := &node{name: t.Name.Local, off: off, order: order}
			order++
			for _, a := range t.Attr {
				if n.attr == nil {
					n.attr = map[string]string{}
				}
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				if _, dup := n.attr[a.Name.Local]; !dup {
					n.attr[a.Name.Local] = a.Value
				}
			}
			if len(stack) == 0 {
				if d.root != nil {
					return nil, d.errorAt(off, "a second root element <"+n.name+">", "an XML file has one root element")
				}
				d.root = n
			} else {
				p := stack[len(stack)-1]
				n.parent = p
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				if k := len(p.kids); k > 0 && p.kids[k-1].name == "" {
					p.kids[k-1].text += string(t)
				} else {
					p.kids = append(p.kids, &node{text: string(t), parent: p, off: off})
				}
			}
		}
	}
	if d.root == nil {
		return nil, &Error{File: file, Line: 1, Col: 1, Message: "the file has no XML element", Hint: "check that this is a PAGE, ALTO or hOCR file"}
	}
	return d, nil
}

// syntaxError names the line and column of an XML fault: where the
// decoder stopped, or for a wrong end tag where the tag begins (start).
func (d *doc) syntaxError(err error, start, off int) error {
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = se.Msg
	}
	if strings.Contains(msg, "closed by") || strings.HasPrefix(msg, "unexpected end element") {
		off = start
	}
	msg = strings.TrimPrefix(msg, "xml: ")
	e := d.errorAt(off, "not well-formed XML: "+msg, "fix the file, or export it again from the OCR tool")
	if se != nil && se.Line > 0 && se.Line != e.Line {
		// The decoder may have read past the line it names.
		e.Line, e.Col = se.Line, 0
	}
	return e
}

// errorAt is an error at a byte offset of the file.
func (d *doc) errorAt(off int, msg, hint string) *Error {
	line, col := d.pos(off)
	return &Error{File: d.file, Line: line, Col: col, Message: msg, Hint: hint}
}

// pos turns a byte offset into a 1-based line and column (in characters).
func (d *doc) pos(off int) (line, col int) {
	off = max(0, min(off, len(d.src)))
	before := d.src[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// errorAtNode is an error at an element.
func (d *doc) errorAtNode(n *node, msg, hint string) *Error { return d.errorAt(n.off, msg, hint) }

// children are the element children of n with the local name, in order;
// with no name, all of them.
func (n *node) children(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name != "" && (name == "" || k.name == name) {
			out = append(out, k)
		}
	}
	return out
}

// child is the first element child of n with the local name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// walk calls f on n and every element below it, in document order; f
// returns false to skip an element's descendants.
func (n *node) walk(f func(*node) bool) {
	if n.name == "" || !f(n) {
		return
	}
	for _, k := range n.kids {
		k.walk(f)
	}
}

// find lists the elements below n (n too) with the local name.
func (n *node) find(name string) []*node {
	var out []*node
	n.walk(func(k *node) bool {
		if k.name == name {
			out = append(out, k)
		}
		return true
	})
	return out
}

// innerText is all the text within n.
func (n *node) innerText() string {
	if n.name == "" {
		return n.text
	}
	var b strings.Builder
	var rec func(*node)
	rec = func(m *node) {
		for _, k := range m.kids {
			if k.name == "" {
				b.WriteString(k.text)
			} else {
				rec(k)
			}
		}
	}
	rec(n)
	return b.String()
}

// ancestor is the nearest ancestor of n (not n) for which f holds, or nil.
func (n *node) ancestor(f func(*node) bool) *node {
	for p := n.parent; p != nil; p = p.parent {
		if f(p) {
			return p
		}
	}
	return nil
}

// firstElement returns the local name of the root element of src without
// reading further, or "" when src does not begin like XML.
func firstElement(file string, src []byte) (string, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	t := bytes.TrimLeft(src, " \t\r\n")
	if len(t) < 2 || t[0] != '<' {
		return "", nil
	}
	if c := t[1]; c != '?' && c != '!' && c != '_' && c != ':' && !(c|0x20 >= 'a' && c|0x20 <= 'z') && c < 0x80 {
		return "", nil
	}
	d := &doc{file: file, src: src}
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		e, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unknown encoding %q", label)
		}
		return e.NewDecoder().Reader(r), nil
	}
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			return "", &Error{File: file, Line: 1, Col: 1, Message: "the file has no XML element", Hint: "check that this is a PAGE, ALTO or hOCR file"}
		}
		if err != nil {
			return "", d.syntaxError(err, off, int(dec.InputOffset()))
		}
		if s, ok := tok.(xml.StartElement); ok {
			return s.Name.Local, nil
		}
	}
}

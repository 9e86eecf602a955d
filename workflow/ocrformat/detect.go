package ocrformat

import (
	"bytes"
	"fmt"
)

// Detect says which format src is in, from its content: PAGE XML by its
// root element PcGts, ALTO by alto, hOCR by an html root (or any root
// with hOCR's ocr_page class in the file); anything that does not begin
// like XML is plain text. An XML file of none of these, or one whose
// start is not well-formed, is an error.
func Detect(file string, src []byte) (Format, error) {
	root, err := firstElement(file, src)
	if err != nil {
		if e, ok := err.(*Error); ok {
			e.Hint += "; if it is plain text, give --format text"
		}
		return "", err
	}
	switch root {
	case "":
		return Text, nil
	case "PcGts":
		return PAGE, nil
	case "alto":
		return ALTO, nil
	case "html":
		return HOCR, nil
	}
	if bytes.Contains(src, []byte("ocr_page")) {
		return HOCR, nil
	}
	return "", &Error{File: file, Line: 1, Message: fmt.Sprintf("an XML file with the root element <%s>, not PAGE XML (PcGts), ALTO (alto) or hOCR (html)", root),
		Hint: "import a PAGE, ALTO or hOCR file, or give --format to say which it is"}
}

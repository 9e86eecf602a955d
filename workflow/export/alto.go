package export

import (
	"bytes"
	"fmt"
	"image"
	"strings"
)

// ALTONamespace is the namespace of ALTO 4.
const ALTONamespace = "http://www.loc.gov/standards/alto/ns-v4#"

// EncodeALTO writes the page as ALTO 4.4, in pixels: the scan's file name
// in sourceImageInformation, one Page (its place in the document as
// PHYSICAL_IMG_NR, the printed number as PRINTED_IMG_NR, the scan's size
// when known) with a TextBlock in its PrintSpace for each paragraph (the
// lines between blank lines), in reading order. A line with geometry has its box as HPOS, VPOS, WIDTH
// and HEIGHT, its polygon as Shape/Polygon when the OCR gave one, and its
// BASELINE; a line without has none of them, which ALTO allows. Each
// whitespace-separated word of a line is a String, with SP between; the
// words have no boxes of their own. The block's box is the rectangle
// around its lines'. The block carries the document's language.
func EncodeALTO(p *Page) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<alto xmlns="%s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="%s http://www.loc.gov/standards/alto/v4/alto-4-4.xsd" SCHEMAVERSION="4.4">`+"\n",
		ALTONamespace, ALTONamespace)
	b.WriteString("  <Description>\n    <MeasurementUnit>pixel</MeasurementUnit>\n")
	if p.Image != "" {
		fmt.Fprintf(&b, "    <sourceImageInformation>\n      <fileName>%s</fileName>\n    </sourceImageInformation>\n", text(p.Image))
	}
	b.WriteString("  </Description>\n  <Layout>\n")
	fmt.Fprintf(&b, `    <Page ID="%s" PHYSICAL_IMG_NR="%d"`, attr("page_"+p.ID), max(p.Number, 1))
	if p.Printed != "" {
		fmt.Fprintf(&b, ` PRINTED_IMG_NR="%s"`, attr(p.Printed))
	}
	if p.Width > 0 && p.Height > 0 {
		fmt.Fprintf(&b, ` WIDTH="%d" HEIGHT="%d"`, p.Width, p.Height)
	}
	b.WriteString(">\n      <PrintSpace>\n")
	for k, group := range paragraphs(p.Lines) {
		var lines bytes.Buffer
		var boxes []image.Point
		for _, l := range group {
			fmt.Fprintf(&lines, `          <TextLine ID="%s"`, attr(l.ID))
			var shape []image.Point
			if l.Geom != nil {
				r := bounds(p.clampAll(corners(l.Geom.Box)))
				boxes = append(boxes, r.Min, r.Max)
				fmt.Fprintf(&lines, ` HPOS="%d" VPOS="%d" WIDTH="%d" HEIGHT="%d"`, r.Min.X, r.Min.Y, r.Dx(), r.Dy())
				if len(l.Geom.Baseline) >= 2 {
					fmt.Fprintf(&lines, ` BASELINE="%s"`, points(p.clampAll(l.Geom.Baseline)))
				}
				if len(l.Geom.Polygon) >= 3 {
					shape = p.clampAll(l.Geom.Polygon)
				}
			}
			lines.WriteString(">\n")
			if shape != nil {
				fmt.Fprintf(&lines, "            <Shape>\n              <Polygon POINTS=\"%s\"/>\n            </Shape>\n", points(shape))
			}
			words := strings.Fields(l.Text)
			if len(words) == 0 {
				words = []string{""} // a TextLine holds one String at least
			}
			for i, w := range words {
				if i > 0 {
					lines.WriteString("            <SP/>\n")
				}
				fmt.Fprintf(&lines, "            <String CONTENT=\"%s\"/>\n", attr(w))
			}
			lines.WriteString("          </TextLine>\n")
		}
		fmt.Fprintf(&b, `        <TextBlock ID="block_%d"`, k+1)
		if len(boxes) > 0 {
			r := bounds(boxes)
			fmt.Fprintf(&b, ` HPOS="%d" VPOS="%d" WIDTH="%d" HEIGHT="%d"`, r.Min.X, r.Min.Y, r.Dx(), r.Dy())
		}
		if p.Language != "" {
			fmt.Fprintf(&b, ` LANG="%s"`, attr(p.Language))
		}
		b.WriteString(">\n")
		b.Write(lines.Bytes())
		b.WriteString("        </TextBlock>\n")
	}
	b.WriteString("      </PrintSpace>\n    </Page>\n  </Layout>\n</alto>\n")
	return b.Bytes()
}

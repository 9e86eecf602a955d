package export

import (
	"bytes"
	"fmt"
	"image"
	"strings"
)

// PAGENamespace is the namespace of PAGE XML 2019-07-15.
const PAGENamespace = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"

// NoCoords is the outline of a PAGE TextLine whose row has no geometry.
// PAGE requires a Coords element on every TextLine, with two points at
// least; these two, one point at the scan's origin, span no area and so
// claim no part of the scan. Such a line has no Baseline.
const NoCoords = "0,0 0,0"

// EncodePAGE writes the page as PAGE XML 2019-07-15: a TextRegion for
// each paragraph (the lines between blank lines), in reading order,
// listed in the page's ReadingOrder,
// each line with its Coords, its Baseline when the OCR gave one, and its
// text in TextEquiv/Unicode; the region's TextEquiv holds the lines
// joined by line breaks. The region's outline is the rectangle around its
// lines' outlines (the whole scan when none has geometry and the size is
// known, else NoCoords). Lines carry Transkribus' readingOrder index too.
// Metadata's Created and LastChange are the page's Time.
func EncodePAGE(p *Page) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<PcGts xmlns="%s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="%s %s/pagecontent.xsd">`+"\n",
		PAGENamespace, PAGENamespace, PAGENamespace)
	b.WriteString("  <Metadata>\n    <Creator>scribe</Creator>\n")
	fmt.Fprintf(&b, "    <Created>%s</Created>\n    <LastChange>%s</LastChange>\n", timestamp(p.Time), timestamp(p.Time))
	fmt.Fprintf(&b, "    <Comments>%s</Comments>\n  </Metadata>\n", text(comment(p)))
	fmt.Fprintf(&b, `  <Page imageFilename="%s" imageWidth="%d" imageHeight="%d">`+"\n", attr(p.Image), max(p.Width, 0), max(p.Height, 0))
	groups := paragraphs(p.Lines)
	if len(groups) > 0 {
		b.WriteString("    <ReadingOrder>\n      <OrderedGroup id=\"ro_1\" caption=\"Regions reading order\">\n")
		for k := range groups {
			fmt.Fprintf(&b, "        <RegionRefIndexed index=\"%d\" regionRef=\"region_%d\"/>\n", k, k+1)
		}
		b.WriteString("      </OrderedGroup>\n    </ReadingOrder>\n")
	}
	for k, group := range groups {
		var lines bytes.Buffer
		var outlines []image.Point
		texts := make([]string, len(group))
		for i, l := range group {
			texts[i] = l.Text
			fmt.Fprintf(&lines, `      <TextLine id="%s" custom="readingOrder {index:%d;}">`+"\n", attr(l.ID), i)
			if l.Geom == nil {
				fmt.Fprintf(&lines, `        <Coords points="%s"/>`+"\n", NoCoords)
			} else {
				o := p.clampAll(l.Geom.Outline())
				outlines = append(outlines, o...)
				fmt.Fprintf(&lines, `        <Coords points="%s"/>`+"\n", points(o))
				if len(l.Geom.Baseline) >= 2 {
					fmt.Fprintf(&lines, `        <Baseline points="%s"/>`+"\n", points(p.clampAll(l.Geom.Baseline)))
				}
			}
			fmt.Fprintf(&lines, "        <TextEquiv>\n          <Unicode>%s</Unicode>\n        </TextEquiv>\n      </TextLine>\n", text(l.Text))
		}
		region := NoCoords
		switch {
		case len(outlines) > 0:
			region = points(corners(bounds(outlines)))
		case p.Width > 0 && p.Height > 0:
			region = points(corners(image.Rect(0, 0, p.Width, p.Height)))
		}
		fmt.Fprintf(&b, `    <TextRegion id="region_%d" custom="readingOrder {index:%d;}">`+"\n", k+1, k)
		fmt.Fprintf(&b, `      <Coords points="%s"/>`+"\n", region)
		b.Write(lines.Bytes())
		fmt.Fprintf(&b, "      <TextEquiv>\n        <Unicode>%s</Unicode>\n      </TextEquiv>\n", text(strings.Join(texts, "\n")))
		b.WriteString("    </TextRegion>\n")
	}
	b.WriteString("  </Page>\n</PcGts>\n")
	return b.Bytes()
}

// comment says what the file holds.
func comment(p *Page) string {
	s := fmt.Sprintf("The canonical text of %s/%s", p.Doc, p.ID)
	if p.Printed != "" {
		s += fmt.Sprintf(" (printed %s)", p.Printed)
	}
	return s + ", exported by scribe."
}

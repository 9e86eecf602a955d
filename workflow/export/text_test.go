package export

import (
	"strings"
	"testing"
)

func textDoc() *TEIDocument {
	line := func(s string) TEIRow { return TEIRow{Agreed: true, Text: s} }
	return &TEIDocument{ID: "doc", Pages: []TEIPage{
		{ID: "001", Printed: "5", Rows: []TEIRow{
			line("The first paragraph runs over two printed lines of this"),
			line("page and ends here, short."),
			line("I"),
			line("The second begins and its last word is tech-"),
			line("nique, broken at the line end; the [?text] is"),
			{Lem: &TEIReading{Text: "decided to carry on over the page to the next one"}},
			{Lem: &TEIReading{Text: ""}}, // decided out of the text
			line("[Footnote 1: A note at the foot of the page.]"),
		}},
		{ID: "002", Rows: []TEIRow{
			line("where the paragraph ends at last."),
			{Rdgs: []TEIReading{{Text: "one"}, {Text: "two"}}},
		}},
	}}
}

func TestDiplomatic(t *testing.T) {
	got := string(Diplomatic(textDoc()))
	want := "[page 5]\n" +
		"The first paragraph runs over two printed lines of this\n" +
		"page and ends here, short.\n" +
		"I\n" +
		"The second begins and its last word is tech-\n" +
		"nique, broken at the line end; the [?text] is\n" +
		"decided to carry on over the page to the next one\n" +
		"[Footnote 1: A note at the foot of the page.]\n" +
		"\n[page 002]\n" +
		"where the paragraph ends at last.\n" +
		"[unsettled row 2]\n"
	if got != want {
		t.Errorf("Diplomatic:\n%s\nwant\n%s", got, want)
	}
}

func TestReading(t *testing.T) {
	got := string(Reading(textDoc(), true))
	want := "The first paragraph runs over two printed lines of this page and ends here, short.\n\n" +
		"I\n\n" +
		"The second begins and its last word is technique, broken at the line end; the [?text] is decided to carry on over the page to the next one where the paragraph ends at last.\n\n" +
		"[Footnote 1: A note at the foot of the page.]\n\n" +
		"[unsettled row 2]\n"
	if got != want {
		t.Errorf("Reading:\n%s\nwant\n%s", got, want)
	}
	if plain := string(Reading(textDoc(), false)); !strings.Contains(plain, "the text is") || strings.Contains(plain, "[?") {
		t.Errorf("without conjecture marks:\n%s", plain)
	}
}

func TestEncodeJSON(t *testing.T) {
	got := string(EncodeJSON(textDoc()))
	for _, want := range []string{`"schema": "scribe.apparatus/1"`, `"Agreed": true`, `"Rdgs": [`} {
		if !strings.Contains(got, want) {
			t.Errorf("JSON lacks %s:\n%s", want, got)
		}
	}
}

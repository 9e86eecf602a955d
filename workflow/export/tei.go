package export

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// TEIDocument is one document ready to write as TEI P5, with every
// reading of every row: the apparatus in parallel segmentation.
type TEIDocument struct {
	ID, Title, Source, Language string
	Project                     string
	Commit                      string      // the commit exported from, "" outside git
	Witnesses                   []TEIPerson // every contributor with a reading, sorted by id
	Reviewers                   []TEIPerson // every reviewer who decided a row, sorted by id
	Pages                       []TEIPage
}

// TEIPerson is a contributor or reviewer: the project's id and name.
type TEIPerson struct{ ID, Name string }

// TEIPage is one page of the document.
type TEIPage struct {
	ID, Printed, Scan string
	// Conjecture says the page's [?text] marks are conjectures, made from
	// the text without a scan, rather than uncertain readings of the print.
	Conjecture bool
	Rows       []TEIRow
}

// TEIRow is one row. An agreed row has Text only; a decided row a Lem,
// its reviewer and note, and the other variants in Rdgs; a row still
// disputed only Rdgs.
type TEIRow struct {
	Agreed bool
	Text   string
	Lem    *TEIReading
	Resp   string // the reviewer's id
	Note   string
	Rdgs   []TEIReading
}

// TEIReading is a text and the contributors who gave it. No Wit on a lem
// is a typed correction; "" on a rdg is an omission.
type TEIReading struct {
	Text string
	Wit  []string
}

// TEIPath is where a document's TEI file goes under the output folder:
// DOC/tei/DOC.xml.
func TEIPath(doc string) string { return Path(TEI, doc, doc) }

// HeadCommit is the hash of the commit checked out in the repository at
// root, or "" outside git or before the first commit.
func HeadCommit(root string) string {
	g, err := gitrepo.Open(root)
	if err != nil {
		return ""
	}
	h, err := g.Resolve("HEAD")
	if err != nil {
		return ""
	}
	return h.String()
}

// LoadTEI reads the pages ids of doc (every page when ids is nil) with
// their readings and decisions. Unlike Load it takes unfinished pages: their
// unsettled rows are written as disputed.
func LoadTEI(ctx context.Context, repo *layout.Repo, proj *project.Project, doc *project.Document, ids []string, commit string) (*TEIDocument, error) {
	pages, err := page.LoadAll(ctx, repo, proj, doc, ids)
	if err != nil {
		return nil, err
	}
	out := &TEIDocument{ID: doc.ID, Title: doc.Title, Source: doc.Source, Language: doc.Language, Project: proj.Name, Commit: commit}
	witnesses, reviewers := map[string]bool{}, map[string]bool{}
	for _, p := range pages {
		e, _ := doc.Page(p.ID)
		tp := TEIPage{ID: p.ID, Printed: p.Printed, Scan: e.Scan}
		if tp.Scan == "" && p.Geometry != nil {
			tp.Scan = p.Geometry.Image
		}
		tp.Conjecture = tp.Scan == ""
		if p.Alignment != nil {
			for _, c := range p.Alignment.Readings {
				witnesses[c] = true
			}
			settled := map[int]page.Line{}
			for _, l := range p.Lines {
				settled[l.Row] = l
			}
			for i := range p.Alignment.Rows {
				r := &p.Alignment.Rows[i]
				row := teiRow(p, r, settled)
				if row.Lem != nil {
					reviewers[row.Resp] = true
				}
				tp.Rows = append(tp.Rows, row)
			}
		}
		out.Pages = append(out.Pages, tp)
	}
	out.Witnesses = people(proj, witnesses)
	out.Reviewers = people(proj, reviewers)
	return out, nil
}

func teiRow(p *page.Page, r *collate.Row, settled map[int]page.Line) TEIRow {
	if a, ok := p.Valid(r.Index); ok {
		row := TEIRow{Resp: a.By, Note: a.Note, Lem: &TEIReading{}}
		if a.How != decision.Omit {
			row.Lem.Text = a.Text
		}
		if a.How != decision.Typed && a.How != decision.Omit {
			row.Lem.Wit = slices.Clone(a.Readings)
		}
		for _, v := range r.Variants {
			if len(row.Lem.Wit) > 0 && allIn(v.Readings, row.Lem.Wit) {
				continue
			}
			row.Rdgs = append(row.Rdgs, reading(v))
		}
		return row
	}
	if l, ok := settled[r.Index]; ok {
		return TEIRow{Agreed: true, Text: l.Text}
	}
	var row TEIRow
	for _, v := range r.Variants {
		row.Rdgs = append(row.Rdgs, reading(v))
	}
	return row
}

func reading(v collate.Variant) TEIReading {
	t := v.Text
	if v.Missing {
		t = ""
	}
	return TEIReading{Text: t, Wit: slices.Clone(v.Readings)}
}

func allIn(xs, set []string) bool {
	for _, x := range xs {
		if !slices.Contains(set, x) {
			return false
		}
	}
	return true
}

func people(proj *project.Project, ids map[string]bool) []TEIPerson {
	var out []TEIPerson
	for id := range ids {
		name := id
		if p, ok := proj.Person(id); ok && p.Name != "" {
			name = p.Name
		}
		out = append(out, TEIPerson{ID: id, Name: name})
	}
	slices.SortFunc(out, func(a, b TEIPerson) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// XMLID makes s a valid xml:id (an XML NCName): characters a name cannot
// hold become "_", and a name that cannot start as it does is prefixed
// with "id-".
func XMLID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if nameChar(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	id := b.String()
	if r, _ := utf8.DecodeRuneInString(id); id == "" || !nameStart(r) {
		id = "id-" + id
	}
	return id
}

func nameStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func nameChar(r rune) bool {
	return nameStart(r) || r == '-' || r == '.' || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == 0xB7
}

func witID(id string) string      { return XMLID(id) }
func reviewerID(id string) string { return "reviewer." + XMLID(id) }

func refs(ids []string, f func(string) string) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = "#" + f(id)
	}
	return strings.Join(parts, " ")
}

// EncodeTEI writes the document as TEI P5.
func EncodeTEI(d *TEIDocument) []byte {
	var b strings.Builder
	w := b.WriteString
	w(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w(`<TEI xmlns="http://www.tei-c.org/ns/1.0">` + "\n")
	w("<teiHeader>\n<fileDesc>\n<titleStmt>\n")
	title := d.Title
	if title == "" {
		title = d.ID
	}
	w("<title>" + text(title) + "</title>\n")
	for _, r := range d.Reviewers {
		w(`<respStmt><resp>decided the rows on which the readings differ</resp><name xml:id="` + attr(reviewerID(r.ID)) + `">` + text(r.Name) + "</name></respStmt>\n")
	}
	w("</titleStmt>\n")
	w(`<editionStmt><edition>Exported from commit <idno type="git">` + text(d.Commit) + "</idno></edition></editionStmt>\n")
	what := ""
	if d.Project != "" {
		what = " from the project " + d.Project
	}
	w("<publicationStmt><p>Exported" + text(what) + " with scribe.</p></publicationStmt>\n")
	w("<sourceDesc>\n")
	if d.Source != "" {
		w("<bibl>" + text(d.Source) + "</bibl>\n")
	}
	if len(d.Witnesses) > 0 {
		w("<listWit>\n")
		for _, p := range d.Witnesses {
			w(`<witness xml:id="` + attr(witID(p.ID)) + `">` + text(p.Name) + "</witness>\n")
		}
		w("</listWit>\n")
	}
	if d.Source == "" && len(d.Witnesses) == 0 {
		w("<p>No source is recorded.</p>\n")
	}
	w("</sourceDesc>\n</fileDesc>\n")
	w("<encodingDesc>\n" + `<variantEncoding method="parallel-segmentation" location="internal"/>` + "\n</encodingDesc>\n")
	w("</teiHeader>\n")
	if d.Language != "" {
		w(`<text xml:lang="` + attr(d.Language) + `">` + "\n")
	} else {
		w("<text>\n")
	}
	w("<body>\n<ab>\n")
	for i := range d.Pages {
		d.Pages[i].encode(&b, d.ID)
	}
	w("</ab>\n</body>\n</text>\n</TEI>\n")
	return []byte(b.String())
}

var (
	footnoteStart = regexp.MustCompile(`^\[Footnote ([^\]:]+): ?`)
	markerRe      = regexp.MustCompile(`^\[([0-9]{1,3}|[*†‡§‖¶])\]`)
)

// encode writes the page: its pb, then each row after an lb. Footnotes
// stay where the page has them, at the bottom, each a note with an id that
// the markers in the text point at.
func (p *TEIPage) encode(b *strings.Builder, doc string) {
	b.WriteString("<pb")
	if p.Printed != "" {
		b.WriteString(` n="` + attr(p.Printed) + `"`)
	}
	if p.Scan != "" {
		b.WriteString(` facs="` + attr(p.Scan) + `"`)
	}
	b.WriteString(` xml:id="` + attr(XMLID(doc+"."+p.ID)) + `"/>` + "\n")

	// First the footnotes' labels, so that markers before them find them.
	notes := map[string]string{}
	open := false
	for _, r := range p.Rows {
		if label, ok := opens(r, open); ok {
			open = true
			if label != "continued" {
				if _, dup := notes[label]; !dup {
					notes[label] = XMLID("fn." + doc + "." + p.ID + "." + symbolName(label))
				}
			}
		}
		if open && closes(r, true) {
			open = false
		}
	}
	in := inline{notes: notes, conjecture: p.Conjecture}
	given := map[string]bool{} // ids already given to a note
	open = false
	for _, r := range p.Rows {
		var label string
		opened := false
		if l, ok := opens(r, open); ok {
			label, opened, open = l, true, true
		}
		closing := open && closes(r, opened)
		// The footnote's own marks leave every text that has them; a
		// reading without them stays as it is, inside the note.
		strip := func(s string) string {
			if opened {
				s = footnoteStart.ReplaceAllString(s, "")
			}
			if closing && endsNote(s) {
				s = strings.TrimSuffix(s, "]")
			}
			return s
		}
		omitted := r.Lem != nil && r.Lem.Text == "" && r.Lem.Wit == nil
		if !omitted {
			b.WriteString("<lb/>")
		}
		if opened {
			b.WriteString(`<note place="foot"`)
			if label == "continued" {
				b.WriteString(` type="continued"`)
			} else {
				b.WriteString(` n="` + attr(label) + `"`)
				if id := notes[label]; id != "" && !given[id] {
					b.WriteString(` xml:id="` + attr(id) + `"`)
					given[id] = true
				}
			}
			b.WriteString(">")
		}
		switch {
		case r.Agreed:
			b.WriteString(in.convert(strip(r.Text)))
		default:
			b.WriteString("<app>")
			if r.Lem != nil {
				b.WriteString(`<lem resp="#` + attr(reviewerID(r.Resp)) + `"`)
				if len(r.Lem.Wit) > 0 {
					b.WriteString(` wit="` + attr(refs(r.Lem.Wit, witID)) + `"`)
				}
				b.WriteString(">" + in.convert(strip(r.Lem.Text)) + "</lem>")
			}
			for _, g := range r.Rdgs {
				b.WriteString("<rdg")
				if len(g.Wit) > 0 {
					b.WriteString(` wit="` + attr(refs(g.Wit, witID)) + `"`)
				}
				b.WriteString(">" + in.convert(strip(g.Text)) + "</rdg>")
			}
			if r.Note != "" {
				b.WriteString(`<note type="decision" resp="#` + attr(reviewerID(r.Resp)) + `">` + text(r.Note) + "</note>")
			}
			b.WriteString("</app>")
		}
		if closing {
			b.WriteString("</note>")
			open = false
		}
		b.WriteString("\n")
	}
	if open {
		b.WriteString("</note>\n")
	}
}

// symbolName names a footnote's symbol for its id.
func symbolName(label string) string {
	if n, ok := map[string]string{"*": "star", "†": "dagger", "‡": "ddagger", "§": "section", "‖": "parallel", "¶": "pilcrow"}[label]; ok {
		return n
	}
	return label
}

// texts are the texts that say where the row's footnotes begin and end:
// its agreed text; a decided row's chosen text (none when the row is left
// out); a disputed row's readings that are not omissions, which must all
// agree on it.
func (r TEIRow) texts() []string {
	switch {
	case r.Agreed:
		return []string{r.Text}
	case r.Lem != nil:
		if r.Lem.Text == "" {
			return nil
		}
		return []string{r.Lem.Text}
	}
	var out []string
	for _, g := range r.Rdgs {
		if g.Text != "" {
			out = append(out, g.Text)
		}
	}
	return out
}

// endsNote reports whether t ends in a "]" that no "[" in it opened.
func endsNote(t string) bool {
	return strings.HasSuffix(t, "]") && strings.Count(t, "[") < strings.Count(t, "]")
}

// opens reports whether the row begins a footnote, "[Footnote N: ", in
// every text it has, and its label N.
func opens(r TEIRow, open bool) (string, bool) {
	ts := r.texts()
	if open || len(ts) == 0 {
		return "", false
	}
	label := ""
	for i, t := range ts {
		m := footnoteStart.FindStringSubmatch(t)
		if m == nil || i > 0 && m[1] != label {
			return "", false
		}
		label = m[1]
	}
	return label, true
}

// closes reports whether the row ends the open footnote: every text it
// has ends in a "]" that no "[" in it opened.
func closes(r TEIRow, opened bool) bool {
	ts := r.texts()
	if len(ts) == 0 {
		return false
	}
	for _, t := range ts {
		if opened {
			t = footnoteStart.ReplaceAllString(t, "")
		}
		if !endsNote(t) {
			return false
		}
	}
	return true
}

// inline turns the marks of the conventions in a line into TEI.
type inline struct {
	notes      map[string]string // footnote label → the note's id
	conjecture bool
}

// convert writes s as TEI content: "[?]" a gap; "[?text]" unclear text, or
// supplied text when the page's marks are conjectures; "[**note]" a
// transcriber's note; a footnote marker "[N]" a ref to its footnote; a line
// break an lb. Anything else, other square brackets too, is text.
func (in inline) convert(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		switch {
		case s[0] == '\n':
			b.WriteString("<lb/>")
			s = s[1:]
			continue
		case strings.HasPrefix(s, "[?]"):
			b.WriteString(`<gap reason="illegible"/>`)
			s = s[3:]
			continue
		case strings.HasPrefix(s, "[?"):
			if j := strings.IndexByte(s, ']'); j > 2 {
				inner := in.convert(s[2:j])
				if in.conjecture {
					b.WriteString(`<supplied reason="conjecture">` + inner + "</supplied>")
				} else {
					b.WriteString("<unclear>" + inner + "</unclear>")
				}
				s = s[j+1:]
				continue
			}
		case strings.HasPrefix(s, "[**"):
			if j := strings.IndexByte(s, ']'); j > 3 {
				b.WriteString(`<note type="transcriber">` + text(s[3:j]) + "</note>")
				s = s[j+1:]
				continue
			}
		case s[0] == '[':
			if m := markerRe.FindStringSubmatch(s); m != nil {
				b.WriteString(`<ref type="footnote" n="` + attr(m[1]) + `"`)
				if id := in.notes[m[1]]; id != "" {
					b.WriteString(` target="#` + attr(id) + `"`)
				}
				b.WriteString(">" + text(m[1]) + "</ref>")
				s = s[len(m[0]):]
				continue
			}
		}
		_, n := utf8.DecodeRuneInString(s)
		b.WriteString(text(s[:n]))
		s = s[n:]
	}
	return b.String()
}

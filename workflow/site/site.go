// Package site writes a project as a static web site: the project's
// progress, each document's pages and canonical text, each page's scan
// with the OCR's line boxes beside its rows, variants and decisions, and
// each contributor's work. The site needs no server and loads nothing
// from another host; its little JavaScript (search, highlighting) only
// adds to pages that work without it. The same inputs give the same
// bytes, and a Writer writes only the files whose bytes changed.
package site

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"image"
	_ "image/gif"  // scan sizes
	_ "image/jpeg" // scan sizes
	_ "image/png"  // scan sizes
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/blame"
	"github.com/scribe-transcription/scribe/workflow/collate"
	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/export"
	"github.com/scribe-transcription/scribe/workflow/geometry"
	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/page"
	"github.com/scribe-transcription/scribe/workflow/project"
	"github.com/scribe-transcription/scribe/workflow/scan"
	"github.com/scribe-transcription/scribe/workflow/words"
)

//go:embed assets
var assets embed.FS

// Budget is the most HTML a page of the site (a document's page, the
// project page or a contributor's page) may weigh, before its scan. A
// document's page, which holds the document's whole canonical text, may
// weigh Budget plus LineBudget per canonical line.
const (
	Budget     = 100 << 10
	LineBudget = 400
)

// listLimit is how many entries a list of "where help is needed" or of a
// contributor's decisions shows before it says how many more there are.
const listLimit = 25

// Options are the site's choices.
type Options struct {
	// Exports is the folder, from the top of the repository, that scribe
	// export wrote to: its files for each document are copied into the
	// site and offered for download. "" for export.
	Exports string
}

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"join": func(s []string) string { return strings.Join(s, " ") },
	"list": func(s []string) string { return strings.Join(s, ", ") },
	"pct":  pct,
	"add":  func(a, b int) int { return a + b },
	"segs": segsHTML,
	// count is n with its noun: "1 page", "3 pages".
	"count": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
}).ParseFS(assets, "assets/*.html"))

// Generate writes the site of the project in repo through w.
func Generate(ctx context.Context, repo *layout.Repo, proj *project.Project, w *Writer, opts Options) error {
	if opts.Exports == "" {
		opts.Exports = "export"
	}
	ids, err := repo.Documents()
	if err != nil {
		return err
	}
	lists, err := words.Load(repo.FS)
	if err != nil {
		return err
	}
	g := &gen{repo: repo, proj: proj, w: w, opts: opts, people: map[string]*personView{}, words: lists}
	for _, p := range proj.People {
		g.person(p.ID)
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := g.document(ctx, id); err != nil {
			return err
		}
	}
	for _, name := range []string{"style.css", "site.js"} {
		b, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return err
		}
		if err := w.Put(name, b); err != nil {
			return err
		}
	}
	if err := g.peoplePages(); err != nil {
		return err
	}
	return g.projectPage()
}

type gen struct {
	repo   *layout.Repo
	proj   *project.Project
	w      *Writer
	opts   Options
	docs   []*docView
	people map[string]*personView
	help   helpView
	words  *words.Lists
}

// Views: what the templates show.

type chrome struct {
	Title   string
	Project string
	Root    string // the way back to the site's top: "" or "../"
	Crumbs  []link
}

type link struct{ Href, Text string }

type docView struct {
	chrome
	ID, Title, Source, Language, Notes string
	Pages                              []pageSummary
	Complete, ToReview, ToRead, Empty  int
	Bar                                []barPart
	Rows, Settled                      int
	Lines                              []textLine
	Exports                            []link
	ExportDir                          string
}

type barPart struct {
	Class, Label string
	N            int
	Width        template.CSS
}

type pageSummary struct {
	ID, Printed, State, Label string
	Readings                  []string
	Needed                    int
	Rows, Settled, Unsettled  int
	Stale                     int
}

type textLine struct {
	Page  string
	Row   int
	Text  string
	First bool
}

type pageView struct {
	chrome
	Doc, DocTitle string
	pageSummary
	Prev, Next *link
	Scan       *scanView
	RowViews   []rowView
	Contribs   []string
	Required   int
}

type scanView struct {
	Src, URL string
	W, H     int
	Boxes    []box
}

type box struct{ Row, X, Y, W, H int }

type rowView struct {
	N         int
	Status    string
	Text      string
	Agreement string
	Variants  []variantView
	Consensus string
	// Marked is the consensus with its flagged words in <mark>, "" when
	// the word check flags none.
	Marked   template.HTML
	Settled  string
	Decision *decisionView
	Stale    *decisionView
	HasBox   bool
}

type variantView struct {
	Readings []string
	Missing  bool
	Segs     []seg
}

// segsHTML writes a variant's segments as HTML: <del> for the
// consensus's text, <ins> for the reading's with its changed characters
// in <b class="ch">. One call per variant, not a template per segment:
// a large project has millions of segments.
func segsHTML(segs []seg) template.HTML {
	var b strings.Builder
	for _, s := range segs {
		switch s.Op {
		case "del":
			b.WriteString("<del>" + template.HTMLEscapeString(s.Text) + "</del>")
		case "ins":
			b.WriteString("<ins>")
			if len(s.Chars) > 0 {
				for _, c := range s.Chars {
					if c.Op == "ch" {
						b.WriteString(`<b class="ch">` + template.HTMLEscapeString(c.Text) + "</b>")
					} else {
						b.WriteString(template.HTMLEscapeString(c.Text))
					}
				}
			} else {
				b.WriteString(template.HTMLEscapeString(s.Text))
			}
			b.WriteString("</ins>")
		default:
			b.WriteString(template.HTMLEscapeString(s.Text))
		}
	}
	return template.HTML(b.String())
}

type seg struct {
	Op    string // "", "del" or "ins"
	Text  string
	Chars []seg
}

type decisionView struct {
	By, Date, Note, How, Text, Commit, CommitText string
	Readings                                      []string
}

type personView struct {
	chrome
	ID, Name, Role string
	Pages          int
	Agree, Total   int
	Right, Settled int
	DecisionsN     int
	Decisions      []decRef
	More           int
	PagesRead      []link
	MorePages      int
}

type decRef struct {
	Href, Where, How string
}

type helpView struct {
	ToRead, ToDecide, Stale         []helpItem
	MoreRead, MoreDecide, MoreStale int
}

type helpItem struct {
	Href, Where, Detail, Command string
}

type projectView struct {
	chrome
	Docs   []*docView
	People []*personView
	Policy project.Policy
	Help   helpView
}

func pct(a, b int) string {
	if b == 0 {
		return "–"
	}
	return strconv.FormatFloat(100*float64(a)/float64(b), 'f', 1, 64) + " %"
}

func (g *gen) person(id string) *personView {
	if p, ok := g.people[id]; ok {
		return p
	}
	pv := &personView{ID: id}
	for _, p := range g.proj.People {
		if p.ID == id {
			pv.Name = p.Name
			pv.Role = p.Role.String()
		}
	}
	if id == project.OCR {
		pv.Name, pv.Role = "OCR engine", "contributor"
	}
	if pv.Role == "" {
		pv.Role = "contributor (not registered)"
	}
	g.people[id] = pv
	return pv
}

func (g *gen) render(rel, name string, data any) error {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		return fmt.Errorf("site: %s: %w", rel, err)
	}
	return g.w.Put(rel, b.Bytes())
}

func (g *gen) chrome(title, root string, crumbs ...link) chrome {
	name := g.proj.Name
	if name == "" {
		name = "Transcription project"
	}
	return chrome{Title: title, Project: name, Root: root, Crumbs: crumbs}
}

// document writes a document's page and the pages of its pages.
func (g *gen) document(ctx context.Context, id string) error {
	doc, err := g.repo.Document(id)
	if err != nil {
		return err
	}
	pages, err := page.LoadAll(ctx, g.repo, g.proj, doc, nil)
	if err != nil {
		return err
	}
	title := doc.Title
	if title == "" {
		title = id
	}
	dv := &docView{ID: id, Title: title, Source: doc.Source, Language: doc.Language, Notes: doc.Notes}
	dv.chrome = g.chrome(title, "../", link{"../index.html", "Project"})
	for _, p := range pages {
		sum := summarize(p, g.proj.Policy.ReadingsRequired)
		dv.Pages = append(dv.Pages, sum)
		switch sum.State {
		case "complete":
			dv.Complete++
		case "review":
			dv.ToReview++
		case "read":
			dv.ToRead++
		default:
			dv.Empty++
		}
		dv.Rows += sum.Rows
		dv.Settled += sum.Settled
		for k, l := range p.Lines {
			dv.Lines = append(dv.Lines, textLine{Page: p.ID, Row: l.Row, Text: l.Text, First: k == 0})
		}
		g.helpFor(id, p, sum)
		g.account(id, p)
	}
	// The pages' own files, on all cores: each depends on its page alone.
	errs := make([]error, len(pages))
	if err := page.Parallel(ctx, len(pages), func(i int) {
		errs[i] = g.pagePage(ctx, doc, title, pages, i, doc.Pages[i], dv.Pages[i])
	}); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err // the first, in page order
		}
	}
	dv.Bar = bar(len(pages), []barPart{
		{Class: "complete", Label: "complete", N: dv.Complete},
		{Class: "review", Label: "to review", N: dv.ToReview},
		{Class: "read", Label: "need readings", N: dv.ToRead},
		{Class: "empty", Label: "no readings", N: dv.Empty},
	})
	if err := g.exports(dv); err != nil {
		return err
	}
	g.docs = append(g.docs, dv)
	return g.render(id+"/index.html", "document.html", dv)
}

func bar(total int, parts []barPart) []barPart {
	var out []barPart
	for _, p := range parts {
		if total > 0 {
			p.Width = template.CSS("width:" + strconv.FormatFloat(100*float64(p.N)/float64(total), 'f', 2, 64) + "%")
		}
		out = append(out, p)
	}
	return out
}

// summarize is a page's state: "complete" when every row is settled,
// "read" when it needs more readings, "review" when it has rows to
// settle, "empty" when nobody has read it.
func summarize(p *page.Page, required int) pageSummary {
	s := pageSummary{ID: p.ID, Printed: p.Printed, Readings: p.Contributors(), Rows: p.Rows,
		Unsettled: len(p.Unresolved), Stale: len(p.Stale)}
	s.Settled = p.Rows - len(p.Unresolved)
	if n := required - len(s.Readings); n > 0 {
		s.Needed = n
	}
	switch {
	case len(s.Readings) == 0:
		s.State, s.Label = "empty", "no readings"
	case s.Needed > 0:
		s.State, s.Label = "read", "needs readings"
	case p.Complete():
		s.State, s.Label = "complete", "complete"
	default:
		s.State, s.Label = "review", "to review"
	}
	return s
}

func (g *gen) helpFor(doc string, p *page.Page, s pageSummary) {
	where := doc + "/" + p.ID
	href := doc + "/" + p.ID + ".html"
	h := &g.help
	if s.Needed > 0 {
		if len(h.ToRead) < listLimit {
			h.ToRead = append(h.ToRead, helpItem{href, where, fmt.Sprintf("%d more reading(s) needed", s.Needed), "scribe submit " + where + " FILE"})
		} else {
			h.MoreRead++
		}
	}
	if s.Unsettled > 0 && s.Needed == 0 {
		if len(h.ToDecide) < listLimit {
			h.ToDecide = append(h.ToDecide, helpItem{href, where, fmt.Sprintf("%d row(s) to decide", s.Unsettled), "scribe review " + where})
		} else {
			h.MoreDecide++
		}
	}
	if s.Stale > 0 {
		if len(h.Stale) < listLimit {
			h.Stale = append(h.Stale, helpItem{href, where, fmt.Sprintf("%d stale decision(s)", s.Stale), "scribe review --stale " + where})
		} else {
			h.MoreStale++
		}
	}
}

// account adds a page to its contributors' statistics.
func (g *gen) account(doc string, p *page.Page) {
	al := p.Alignment
	for i, id := range p.Contributors() {
		pv := g.person(id)
		pv.Pages++
		if len(pv.PagesRead) < listLimit*4 {
			pv.PagesRead = append(pv.PagesRead, link{"../" + doc + "/" + p.ID + ".html", doc + "/" + p.ID})
		} else {
			pv.MorePages++
		}
		if al != nil && i < len(al.Readings) && al.Readings[i] == id && i < len(al.Reliability) {
			pv.Agree += al.Reliability[i].Agree
			pv.Total += al.Reliability[i].Total
		}
		for _, l := range p.Lines {
			if l.Row < 1 || al == nil || l.Row > len(al.Rows) || i >= len(al.Rows[l.Row-1].Cells) || strings.TrimSpace(al.Rows[l.Row-1].Cells[i]) == "" {
				continue
			}
			pv.Settled++
			for _, r := range l.Readings {
				if r == id {
					pv.Right++
					break
				}
			}
		}
	}
	for _, a := range p.Applied {
		if a.Stale || a.Now == 0 {
			continue
		}
		pv := g.person(a.By)
		pv.DecisionsN++
		if len(pv.Decisions) < listLimit*4 {
			pv.Decisions = append(pv.Decisions, decRef{
				Href:  fmt.Sprintf("../%s/%s.html#row-%d", doc, p.ID, a.Now),
				Where: fmt.Sprintf("%s/%s row %d", doc, p.ID, a.Now),
				How:   string(a.How),
			})
		} else {
			pv.More++
		}
	}
}

// pagePage writes DOC/PAGE.html.
func (g *gen) pagePage(ctx context.Context, doc *project.Document, title string, pages []*page.Page, i int, entry project.PageEntry, sum pageSummary) error {
	p := pages[i]
	pv := &pageView{Doc: doc.ID, DocTitle: title, pageSummary: sum, Contribs: p.Contributors(), Required: g.proj.Policy.ReadingsRequired}
	name := "Page " + p.ID
	if p.Printed != "" {
		name += " (printed " + p.Printed + ")"
	}
	pv.chrome = g.chrome(name+" · "+title, "../", link{"../index.html", "Project"}, link{"index.html", title})
	if i > 0 {
		pv.Prev = &link{pages[i-1].ID + ".html", "Page " + pages[i-1].ID}
	}
	if i+1 < len(pages) {
		pv.Next = &link{pages[i+1].ID + ".html", "Page " + pages[i+1].ID}
	}
	commits := map[int]string{}
	if hasValid(p) {
		lines, _, err := blame.Page(ctx, g.repo, g.proj, doc.ID, p.ID)
		if err != nil {
			return err
		}
		for _, l := range lines {
			commits[l.Row] = l.Commit
		}
	}
	sv, err := g.scan(doc.ID, p, entry)
	if err != nil {
		return err
	}
	pv.Scan = sv
	boxed := map[int]bool{}
	if sv != nil {
		for _, b := range sv.Boxes {
			boxed[b.Row] = true
		}
	}
	settled := map[int]string{}
	for _, l := range p.Lines {
		settled[l.Row] = l.How
	}
	for _, r := range p.Omitted {
		settled[r] = "omitted"
	}
	if p.Alignment != nil {
		lines := make([]string, len(p.Alignment.Rows))
		for k, r := range p.Alignment.Rows {
			lines[k] = strings.TrimRight(r.Consensus, "\n")
		}
		flags := g.words.CheckLines(lines)
		for k := range p.Alignment.Rows {
			rv := rowOf(p, &p.Alignment.Rows[k], settled, commits, boxed)
			rv.Marked = marked(lines[k], flags[k])
			pv.RowViews = append(pv.RowViews, rv)
		}
	}
	return g.render(doc.ID+"/"+p.ID+".html", "page.html", pv)
}

func hasValid(p *page.Page) bool {
	for _, a := range p.Applied {
		if !a.Stale && a.Now > 0 {
			return true
		}
	}
	return false
}

// marked is a row's text with each flagged word in <mark class="flag">,
// its reason the title; "" when none is flagged.
func marked(text string, flags []words.Flag) template.HTML {
	if len(flags) == 0 {
		return ""
	}
	var b strings.Builder
	at := 0
	for _, f := range flags {
		b.WriteString(template.HTMLEscapeString(text[at:f.Offset]))
		b.WriteString(`<mark class="flag" title="` + template.HTMLEscapeString(f.Reason) + `">` + template.HTMLEscapeString(f.Word) + "</mark>")
		at = f.Offset + len(f.Word)
	}
	b.WriteString(template.HTMLEscapeString(text[at:]))
	return template.HTML(b.String())
}

func rowOf(p *page.Page, r *collate.Row, settled map[int]string, commits map[int]string, boxed map[int]bool) rowView {
	rv := rowView{N: r.Index, Status: string(r.Status), HasBox: boxed[r.Index],
		Agreement: strconv.FormatFloat(100*r.Agreement, 'f', 0, 64) + " %"}
	rv.Text = strings.TrimRight(r.Consensus, "\n")
	switch how := settled[r.Index]; how {
	case "":
		rv.Settled = "unsettled"
	case page.ByUnanimity:
		rv.Settled = "agreed"
	case "omitted":
		rv.Settled = "omitted"
	default:
		rv.Settled = "decided"
	}
	if len(r.Variants) > 1 {
		rv.Consensus = rv.Text
		for _, v := range r.Variants {
			vv := variantView{Readings: v.Readings, Missing: v.Missing}
			if !v.Missing {
				vv.Segs = variantSegs(r, p.Alignment.Readings, v)
			}
			rv.Variants = append(rv.Variants, vv)
		}
	}
	if a, ok := p.Valid(r.Index); ok {
		rv.Decision = decisionOf(a, commits[r.Index], true)
	}
	if a, ok := p.StaleOn(r.Index); ok {
		rv.Stale = decisionOf(a, "", false)
	}
	return rv
}

func decisionOf(a decision.Applied, commit string, valid bool) *decisionView {
	d := &decisionView{By: a.By, Note: a.Note, How: string(a.How), Text: a.Text, Readings: a.Readings}
	if !a.At.IsZero() {
		d.Date = a.At.UTC().Format("2006-01-02")
	}
	switch {
	case !valid:
		d.CommitText = "stale: the row's variants have changed since"
	case commit == blame.Uncommitted:
		d.CommitText = "not committed yet"
	case commit == "":
		d.CommitText = "see scribe log"
	default:
		d.Commit = commit
		d.CommitText = commit[:min(12, len(commit))]
	}
	return d
}

// variantSegs is a variant's text, its words that differ from the
// consensus marked, and in a changed word the characters that differ.
func variantSegs(r *collate.Row, readings []string, v collate.Variant) []seg {
	i := -1
	for k, id := range readings {
		if len(v.Readings) > 0 && id == v.Readings[0] {
			i = k
		}
	}
	if i < 0 {
		return []seg{{Text: v.Text}}
	}
	diff := r.WordDiff(i)
	var out []seg
	for k := 0; k < len(diff); k++ {
		s := diff[k]
		switch s.Op {
		case collate.Equal:
			out = append(out, seg{Text: strings.TrimRight(s.Text, "\n")})
		case collate.Delete:
			out = append(out, seg{Op: "del", Text: breaks(s.Text)})
			if k+1 < len(diff) && diff[k+1].Op == collate.Insert {
				ins := diff[k+1]
				k++
				is := seg{Op: "ins", Text: breaks(ins.Text)}
				for _, c := range collate.CharDiff(strings.TrimSpace(s.Text), strings.TrimSpace(ins.Text)) {
					switch c.Op {
					case collate.Equal:
						is.Chars = append(is.Chars, seg{Text: breaks(c.Text)})
					case collate.Insert:
						is.Chars = append(is.Chars, seg{Op: "ch", Text: breaks(c.Text)})
					}
				}
				if strings.HasPrefix(ins.Text, " ") && len(is.Chars) > 0 {
					is.Chars = append([]seg{{Text: " "}}, is.Chars...)
				}
				out = append(out, is)
			}
		case collate.Insert:
			out = append(out, seg{Op: "ins", Text: breaks(s.Text)})
		}
	}
	return out
}

// breaks shows a line break inside a variant as a visible mark.
func breaks(s string) string { return strings.ReplaceAll(s, "\n", " ↵") }

// scan is what the page shows of its scan: the image copied into the
// site, or a link to a remote one, and the OCR's line boxes.
func (g *gen) scan(doc string, p *page.Page, entry project.PageEntry) (*scanView, error) {
	geo := p.Geometry
	if entry.Scan == "" && geo == nil {
		return nil, nil
	}
	sv := &scanView{}
	var src []byte
	switch {
	case entry.Scan == "":
	case scan.IsURL(entry.Scan):
		sv.URL = entry.Scan
	default:
		rel := strings.TrimPrefix(entry.Scan, "./")
		if !fs.ValidPath(rel) {
			return nil, fmt.Errorf("the scan of page %s/%s, %q, is not a path in the repository: fix it in %s (a path from the top of the repository, such as scans/%s-%s.png)",
				doc, p.ID, entry.Scan, layout.DocumentFilePath(doc), doc, p.ID)
		}
		b, err := g.repo.ReadFile(rel)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("the scan of page %s/%s, %s, does not exist: add the file, or fix the path in %s", doc, p.ID, entry.Scan, layout.DocumentFilePath(doc))
		} else if err != nil {
			return nil, err
		}
		src = b
		out := "scans/" + doc + "/" + p.ID + strings.ToLower(path.Ext(rel))
		if err := g.w.Put(out, b); err != nil {
			return nil, err
		}
		sv.Src = "../" + out
	}
	if geo != nil {
		sv.W, sv.H = geo.Width, geo.Height
	}
	if (sv.W <= 0 || sv.H <= 0) && src != nil {
		if c, _, err := image.DecodeConfig(bytes.NewReader(src)); err == nil {
			sv.W, sv.H = c.Width, c.Height
		}
	}
	if geo != nil && sv.W > 0 && sv.H > 0 && p.Alignment != nil {
		for _, r := range p.Alignment.Rows {
			for _, n := range p.OCRLines(r.Index) {
				if l, ok := geo.Line(n); ok {
					sv.Boxes = append(sv.Boxes, boxOf(r.Index, l))
				}
			}
		}
	}
	if sv.Src == "" && sv.URL == "" && len(sv.Boxes) == 0 {
		return nil, nil
	}
	return sv, nil
}

func boxOf(row int, l geometry.Line) box {
	b := l.Box
	return box{Row: row, X: b.Min.X, Y: b.Min.Y, W: b.Dx(), H: b.Dy()}
}

// exports copies the files scribe export wrote for a document into the
// site and links them.
func (g *gen) exports(dv *docView) error {
	dv.ExportDir = g.opts.Exports
	for _, f := range export.Formats {
		dir := path.Join(g.opts.Exports, dv.ID, string(f))
		entries, err := fs.ReadDir(g.repo.FS, dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if ext := path.Ext(e.Name()); !e.Type().IsRegular() || ext != ".xml" && ext != ".txt" && ext != ".json" {
				continue
			}
			b, err := fs.ReadFile(g.repo.FS, path.Join(dir, e.Name()))
			if err != nil {
				return err
			}
			out := "export/" + string(f) + "/" + e.Name()
			if err := g.w.Put(dv.ID+"/"+out, b); err != nil {
				return err
			}
			dv.Exports = append(dv.Exports, link{out, f.Name() + " " + strings.TrimSuffix(e.Name(), path.Ext(e.Name()))})
		}
	}
	return nil
}

func (g *gen) peoplePages() error {
	for _, id := range g.peopleIDs() {
		pv := g.people[id]
		pv.chrome = g.chrome(id, "../", link{"../index.html", "Project"})
		if err := g.render("people/"+id+".html", "person.html", pv); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) peopleIDs() []string {
	ids := make([]string, 0, len(g.people))
	for id := range g.people {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (g *gen) projectPage() error {
	pv := &projectView{Docs: g.docs, Policy: g.proj.Policy, Help: g.help}
	pv.chrome = g.chrome("", "")
	pv.Title = pv.Project
	for _, id := range g.peopleIDs() {
		pv.People = append(pv.People, g.people[id])
	}
	return g.render("index.html", "project.html", pv)
}

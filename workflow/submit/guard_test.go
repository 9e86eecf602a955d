package submit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Three pages of one pamphlet, as their volunteers read them.
var pamphlet = []string{
	"When in the course of human events it becomes necessary for one people\nto dissolve the political bands which have connected them with another,\nand to assume among the powers of the earth the separate and equal station\nto which the laws of nature and of nature's God entitle them.\n",
	"We hold these truths to be self-evident, that all men are created equal,\nthat they are endowed by their Creator with certain unalienable rights,\nthat among these are life, liberty and the pursuit of happiness.\n",
	"That to secure these rights, governments are instituted among men,\nderiving their just powers from the consent of the governed; that whenever\nany form of government becomes destructive of these ends, it is the right\nof the people to alter or to abolish it.\n",
}

// garble is what an OCR engine makes of a badly printed page: nearly
// every word comes out wrong, though most of their letters are right.
func garble(s string) string {
	return strings.NewReplacer("e", "c", "h", "b", "m", "rn", "l", "1", "o", "0", "i", "l", ",", ".", "y", "v").Replace(s)
}

// pamphletFixture is fixture with the document bk made of the pamphlet's
// three pages: the OCR of 001 is badly garbled, that of 002 and 003 has
// a few errors.
func pamphletFixture(t *testing.T) *layout.Repo {
	t.Helper()
	r, _ := fixture(t)
	doc := &project.Document{ID: "bk", Title: "Book", Pages: []project.PageEntry{{ID: "001"}, {ID: "002"}, {ID: "003"}}}
	for rel, content := range map[string]string{
		"transcriptions/bk/document.toml":      string(doc.Encode()),
		layout.ReadingPath("bk", "001", "ocr"): garble(pamphlet[0]),
		layout.ReadingPath("bk", "002", "ocr"): strings.Replace(pamphlet[1], "rights", "riglits", 1),
		layout.ReadingPath("bk", "003", "ocr"): strings.Replace(pamphlet[2], "powers", "povvers", 1),
	} {
		if err := r.WriteFile(rel, []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// TestSubmitWrongPage: a reading of page 002 submitted as 001 is refused,
// naming 002, with the way to submit it anyway.
func TestSubmitWrongPage(t *testing.T) {
	r := pamphletFixture(t)
	files := snapshot(t, r.Root)
	_, err := submitAs(r, "jane", opts(pamphlet[1]))
	if err == nil {
		t.Fatal("a reading of 002 submitted as 001 was accepted")
	}
	for _, want := range []string{"in.txt: this text reads like page 002, not 001: it matches the OCR reading of bk/002 at 9", "the closest reading of bk/001, the OCR reading, at ", "[wrong-page]", "submit it as bk/002", "submit again with --force"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if after := snapshot(t, r.Root); fmt.Sprint(after) != fmt.Sprint(files) {
		t.Error("the refusal changed files")
	}
	// Another contributor's reading of 002 counts as much as the OCR's.
	if err := r.WriteFile(layout.ReadingPath("bk", "002", "ocr"), []byte(garble(pamphlet[1]))); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteFile(layout.ReadingPath("bk", "002", "kim"), []byte(pamphlet[1])); err != nil {
		t.Fatal(err)
	}
	if _, err := submitAs(r, "jane", opts(pamphlet[1])); err == nil || !strings.Contains(err.Error(), "it matches kim's reading of bk/002 at 100%") {
		t.Errorf("matching kim's reading: %v", err)
	}
}

// TestSubmitReadingOfGarbledOCR: a correct reading of a page whose OCR is
// badly garbled, which shares hardly a word pair with it, is accepted, as
// no other page matches it better.
func TestSubmitReadingOfGarbledOCR(t *testing.T) {
	r := pamphletFixture(t)
	if s := Similarity(pamphlet[0], garble(pamphlet[0])); s > 0.05 {
		t.Fatalf("the OCR is not garbled enough for the test: %v", s)
	}
	res, err := submitAs(r, "jane", opts(pamphlet[0]))
	if err != nil {
		t.Fatal(err)
	}
	if res.Commit == "" {
		t.Errorf("nothing committed: %+v", res)
	}
	// Page 003 has no reading but the OCR, which another page's text
	// resembles no better than its own.
	if _, err := submitAs(r, "jane", func() Options { o := opts(pamphlet[2]); o.Page = "003"; return o }()); err != nil {
		t.Errorf("page 003: %v", err)
	}
}

// TestMatchPagesCheapForLongDocuments: in a document of 400 pages, only
// the closest few pages by word pairs are compared letter by letter.
func TestMatchPagesCheapForLongDocuments(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the of and to a in that is was he for it with as his on be at by had not are but from or have an they which one you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three")
	page := func() string {
		var b strings.Builder
		for i := range 300 {
			b.WriteString(words[rng.IntN(len(words))])
			if i%12 == 11 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	c := newComparer(nil)
	var others []pageTexts
	texts := map[string]string{}
	for i := 2; i <= 400; i++ {
		id := fmt.Sprintf("%03d", i)
		texts[id] = page()
		others = append(others, pageTexts{page: id, readings: []comparable{c.prepare("ocr", garble(texts[id])), c.prepare("kim", texts[id])}})
	}
	here := []comparable{c.prepare("ocr", garble(page()))}

	v := matchPages(c.prepare("jane", texts["250"]), here, others)
	if !v.refuse || v.page != "250" || v.otherBy != "kim" {
		t.Errorf("page 250 submitted as 001: %+v", v)
	}
	if len(v.lettered) > Candidates+1 {
		t.Errorf("%d pages compared letter by letter: %v", len(v.lettered), v.lettered)
	}
	if v := matchPages(c.prepare("jane", page()), here, others); v.refuse || len(v.lettered) > Candidates+1 {
		t.Errorf("a text of no page: %+v", v)
	}
}

func TestLetterSimilarity(t *testing.T) {
	c := newComparer(nil)
	sim := func(a, b string) float64 { return letterSimilarity(c.prepare("", a).lower, c.prepare("", b).lower) }
	if s := sim(pamphlet[0], pamphlet[0]); s != 1 {
		t.Errorf("same text: %v", s)
	}
	if s := sim(pamphlet[0], garble(pamphlet[0])); s < 0.55 {
		t.Errorf("a garbled reading of the same page: %v", s)
	}
	for i := range pamphlet {
		for j := range pamphlet {
			if s := sim(pamphlet[i], garble(pamphlet[j])); i != j && s > MatchFloor-MatchMargin {
				t.Errorf("page %d against garbled page %d: %v", i, j, s)
			}
		}
	}
	if s := sim("", ""); s != 1 {
		t.Errorf("two empty texts: %v", s)
	}
}

// TestSubmitRefusesACopy: a text that is another reading of the page, as
// collation compares them, is refused; a maintainer may allow it.
func TestSubmitRefusesACopy(t *testing.T) {
	r, g := fixture(t)
	setUser(t, g, "Kim", "kim@example.org")
	if _, err := submitAs(r, "", opts(janeText)); err != nil {
		t.Fatal(err)
	}
	setUser(t, g, "Jane", "jane@example.org")
	head := headCommit(t, g).Hash
	files := snapshot(t, r.Root)
	// The same words, broken into lines otherwise and with extra spaces.
	copyText := "The quick brown fox jumps\nover the lazy  dog.\nAnd then the end.\n"
	_, err := submitAs(r, "jane", opts(copyText))
	if err == nil || !strings.Contains(err.Error(), "in.txt: this text is the same as kim's reading of bk/001: readings are made independently") ||
		!strings.Contains(err.Error(), "a maintainer may submit a copy anyway with --allow-copy") {
		t.Fatalf("a copy of kim's reading: %v", err)
	}
	// The OCR reading unchanged is a copy too.
	if _, err := submitAs(r, "jane", opts(ocrText)); err == nil || !strings.Contains(err.Error(), "this text is the OCR reading of bk/001 unchanged") {
		t.Errorf("the OCR unchanged: %v", err)
	}
	// Only a maintainer may allow a copy.
	o := opts(copyText)
	o.AllowCopy = true
	if _, err := submitAs(r, "jane", o); err == nil || !strings.Contains(err.Error(), "only a maintainer may submit a copy of another reading (--allow-copy): git says you are jane, a contributor") {
		t.Errorf("a contributor allowing a copy: %v", err)
	}
	if headCommit(t, g).Hash != head {
		t.Error("a refusal moved HEAD")
	}
	if after := snapshot(t, r.Root); fmt.Sprint(after) != fmt.Sprint(files) {
		t.Error("a refusal changed files")
	}
	setUser(t, g, "Max", "max@example.org")
	if res, err := submitAs(r, "jane", o); err != nil || res.Contributor != "jane" {
		t.Errorf("a maintainer allowing a copy: %+v, %v", res, err)
	}
	// Submitting one's own text again is no copy: nothing changes.
	setUser(t, g, "Kim", "kim@example.org")
	if res, err := submitAs(r, "", opts(janeText)); err != nil || !res.Unchanged {
		t.Errorf("kim's own text again: %+v, %v", res, err)
	}
}

// TestSubmitPushNeedsANewBranch: Submit never pushes the current branch.
func TestSubmitPushNeedsANewBranch(t *testing.T) {
	r, g := fixture(t)
	head := headCommit(t, g).Hash
	files := snapshot(t, r.Root)
	o := opts(janeText)
	o.Push = "origin"
	if _, err := submitAs(r, "jane", o); err == nil || !strings.Contains(err.Error(), "pushing needs a new branch: name one with --branch, or pass --branch alone for reading/jane/bk-001; the current branch is never pushed") {
		t.Errorf("push without a branch: %v", err)
	}
	if headCommit(t, g).Hash != head {
		t.Error("HEAD moved")
	}
	if after := snapshot(t, r.Root); fmt.Sprint(after) != fmt.Sprint(files) {
		t.Error("files changed")
	}
}

package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/memory"
)

// worktreeRepo builds a history through go-git's work tree, as a
// volunteer's git would: files written, staged with add -A, committed.
type worktreeRepo struct {
	t   *testing.T
	dir string
	g   *git.Repository
	wt  *git.Worktree
}

func newWorktreeRepo(t *testing.T) *worktreeRepo {
	t.Helper()
	dir := t.TempDir()
	if _, err := Ensure(dir); err != nil {
		t.Fatal(err)
	}
	g, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := g.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &worktreeRepo{t: t, dir: dir, g: g, wt: wt}
}

func (r *worktreeRepo) write(rel, content string) {
	r.t.Helper()
	abs := filepath.Join(r.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(abs, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *worktreeRepo) remove(rel string) {
	r.t.Helper()
	if err := os.RemoveAll(filepath.Join(r.dir, filepath.FromSlash(rel))); err != nil {
		r.t.Fatal(err)
	}
}

var testPeople = map[string][2]string{
	"jane": {"Jane Doe", "jane@example.org"},
	"bob":  {"Bob Roe", "bob@example.org"},
	"ann":  {"Ann Maintainer", "ann@example.org"},
	"carl": {"Carl Côté", "carl@example.org"},
}

// testDate is 2026-01-01 at the hour given, in a zone other than UTC, so
// that the log's conversion to UTC shows.
func testDate(hour int) time.Time {
	return time.Date(2026, 1, 1, hour, 30, 0, 0, time.FixedZone("CET", 3600))
}

// commit stages everything (add -A) and commits it; parents, when given,
// replace HEAD as the new commit's parents (for a merge).
func (r *worktreeRepo) commit(who string, hour int, msg string, parents ...plumbing.Hash) plumbing.Hash {
	r.t.Helper()
	if err := r.wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatal(err)
	}
	p := testPeople[who]
	sig := &object.Signature{Name: p[0], Email: p[1], When: testDate(hour)}
	h, err := r.wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig, Parents: parents})
	if err != nil {
		r.t.Fatalf("commit %q: %v", msg, err)
	}
	return h
}

// resetHard moves the current branch, the index and the work tree to h.
func (r *worktreeRepo) resetHard(h plumbing.Hash) {
	r.t.Helper()
	if err := r.wt.Reset(&git.ResetOptions{Commit: h, Mode: git.HardReset}); err != nil {
		r.t.Fatal(err)
	}
}

func (r *worktreeRepo) open() *Repo {
	r.t.Helper()
	repo, err := Open(r.dir)
	if err != nil {
		r.t.Fatal(err)
	}
	return repo
}

// brief renders an entry on one line for comparison:
// "message | Name <email> | date | A path, M path".
func brief(e LogEntry) string {
	var ch []string
	for _, c := range e.Changes {
		ch = append(ch, c.Change.Letter()+" "+c.Path)
	}
	return fmt.Sprintf("%s | %s <%s> | %s | %s", e.Message, e.Author, e.Email, e.Date.Format(time.RFC3339), strings.Join(ch, ", "))
}

func briefs(entries []LogEntry) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, brief(e))
	}
	return out
}

func pathLog(t *testing.T, repo *Repo, prefix string, limit int) []LogEntry {
	t.Helper()
	entries, err := repo.PathLog(context.Background(), prefix, limit)
	if err != nil {
		t.Fatalf("PathLog(%s, %d): %v", prefix, limit, err)
	}
	return entries
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %s\n want %s", what, strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

const (
	page1 = "transcriptions/book/001"
	page2 = "transcriptions/book/002"
)

// history builds the test history; it returns the repository and the
// commits by name.
func history(t *testing.T) (*worktreeRepo, map[string]plumbing.Hash) {
	r := newWorktreeRepo(t)
	c := map[string]plumbing.Hash{}
	r.write("transcriptions/project.toml", "[policy]\n")
	r.write(page1+"/readings/ocr.txt", "Frist line\n")
	r.write(page2+"/readings/ocr.txt", "Page two\n")
	c["import"] = r.commit("ann", 10, "Import book\n\nTwo pages of OCR.")
	r.write(page1+"/readings/jane-doe.txt", "First lin\n")
	c["read"] = r.commit("jane", 11, "Read book/001")
	r.write(page1+"/readings/jane-doe.txt", "First line\n")
	c["fix"] = r.commit("bob", 12, "Fix a typo in jane-doe's reading")
	r.write(page2+"/readings/ocr.txt", "Page 2\n")
	c["other"] = r.commit("bob", 13, "Touch book/002 only")
	r.remove(page1 + "/readings/ocr.txt")
	c["drop"] = r.commit("ann", 14, "Drop the OCR of book/001")

	// A side branch adds a reading; meanwhile main adds a decisions file;
	// a clean merge joins them.
	r.write(page1+"/readings/carl.txt", "First line\n")
	c["side"] = r.commit("carl", 15, "Carl reads book/001")
	r.resetHard(c["drop"])
	r.write(page1+"/decisions.txt", "[rows]\n")
	c["decide"] = r.commit("ann", 16, "Decide row 1")
	r.write(page1+"/readings/carl.txt", "First line\n")
	c["merge"] = r.commit("ann", 17, "Merge carl's reading", c["decide"], c["side"])

	// A rename is a deletion and an addition.
	r.remove(page1 + "/readings/jane-doe.txt")
	r.write(page1+"/readings/jane.txt", "First line\n")
	c["rename"] = r.commit("jane", 18, "Rename jane-doe to jane")

	// A side branch touches another page only; the merge itself adds
	// book/001's canonical text, so it is listed, against its first parent.
	r.write(page2+"/readings/carl.txt", "Page 2\n")
	c["side2"] = r.commit("carl", 19, "Carl reads book/002")
	r.resetHard(c["rename"])
	r.write(page2+"/readings/carl.txt", "Page 2\n")
	r.write(page1+"/canonical.txt", "First line\n")
	c["merge2"] = r.commit("ann", 20, "Merge carl's book/002, build book/001", c["rename"], c["side2"])

	// Two edits of one reading in parallel, and a merge that settles the
	// conflict with a third text: its own change.
	r.write(page1+"/readings/jane.txt", "First line.\n")
	c["side3"] = r.commit("carl", 21, "Carl edits jane's reading")
	r.resetHard(c["merge2"])
	r.write(page1+"/readings/jane.txt", "First line!\n")
	c["edit"] = r.commit("jane", 22, "Jane edits her reading")
	r.write(page1+"/readings/jane.txt", "First line!.\n")
	c["merge3"] = r.commit("ann", 23, "Merge carl's edit", c["edit"], c["side3"])

	// The whole page folder goes, then comes back.
	r.remove(page1)
	c["gone"] = r.commit("ann", 24, "Remove book/001")
	r.write(page1+"/readings/ocr.txt", "First line\n")
	c["back"] = r.commit("ann", 25, "Re-import book/001")
	return r, c
}

func TestPathLog(t *testing.T) {
	r, c := history(t)
	repo := r.open()

	got := pathLog(t, repo, page1, 0)
	sameLines(t, "log of book/001", briefs(got), []string{
		"Re-import book/001 | Ann Maintainer <ann@example.org> | 2026-01-02T00:30:00Z | A readings/ocr.txt",
		"Remove book/001 | Ann Maintainer <ann@example.org> | 2026-01-01T23:30:00Z | D canonical.txt, D decisions.txt, D readings/carl.txt, D readings/jane.txt",
		"Merge carl's edit | Ann Maintainer <ann@example.org> | 2026-01-01T22:30:00Z | M readings/jane.txt",
		"Jane edits her reading | Jane Doe <jane@example.org> | 2026-01-01T21:30:00Z | M readings/jane.txt",
		"Carl edits jane's reading | Carl Côté <carl@example.org> | 2026-01-01T20:30:00Z | M readings/jane.txt",
		"Merge carl's book/002, build book/001 | Ann Maintainer <ann@example.org> | 2026-01-01T19:30:00Z | A canonical.txt",
		"Rename jane-doe to jane | Jane Doe <jane@example.org> | 2026-01-01T17:30:00Z | D readings/jane-doe.txt, A readings/jane.txt",
		"Decide row 1 | Ann Maintainer <ann@example.org> | 2026-01-01T15:30:00Z | A decisions.txt",
		"Carl reads book/001 | Carl Côté <carl@example.org> | 2026-01-01T14:30:00Z | A readings/carl.txt",
		"Drop the OCR of book/001 | Ann Maintainer <ann@example.org> | 2026-01-01T13:30:00Z | D readings/ocr.txt",
		"Fix a typo in jane-doe's reading | Bob Roe <bob@example.org> | 2026-01-01T11:30:00Z | M readings/jane-doe.txt",
		"Read book/001 | Jane Doe <jane@example.org> | 2026-01-01T10:30:00Z | A readings/jane-doe.txt",
		"Import book | Ann Maintainer <ann@example.org> | 2026-01-01T09:30:00Z | A readings/ocr.txt",
	})
	wantHashes := []string{"back", "gone", "merge3", "edit", "side3", "merge2", "rename", "decide", "side", "drop", "fix", "read", "import"}
	for i, e := range got {
		if i < len(wantHashes) && e.Hash != c[wantHashes[i]].String() {
			t.Errorf("entry %d (%s) has hash %s, want %s's %s", i, e.Message, e.Hash, wantHashes[i], c[wantHashes[i]])
		}
		if e.Date.Location() != time.UTC {
			t.Errorf("entry %d's date %v is not in UTC", i, e.Date)
		}
	}
	if len(got) > 0 && got[0].ShortHash() != c["back"].String()[:12] {
		t.Errorf("ShortHash = %q", got[0].ShortHash())
	}

	// The other page: the clean merge of its change is left out, the
	// commit that made it is listed.
	sameLines(t, "log of book/002", briefs(pathLog(t, repo, page2, 0)), []string{
		"Carl reads book/002 | Carl Côté <carl@example.org> | 2026-01-01T18:30:00Z | A readings/carl.txt",
		"Touch book/002 only | Bob Roe <bob@example.org> | 2026-01-01T12:30:00Z | M readings/ocr.txt",
		"Import book | Ann Maintainer <ann@example.org> | 2026-01-01T09:30:00Z | A readings/ocr.txt",
	})

	// A prefix may name a deeper folder, and a trailing slash is accepted.
	sameLines(t, "log of book/001/readings", briefs(pathLog(t, repo, page1+"/readings/", 2)), []string{
		"Re-import book/001 | Ann Maintainer <ann@example.org> | 2026-01-02T00:30:00Z | A ocr.txt",
		"Remove book/001 | Ann Maintainer <ann@example.org> | 2026-01-01T23:30:00Z | D carl.txt, D jane.txt",
	})
}

func TestPathLogLimit(t *testing.T) {
	r, _ := history(t)
	repo := r.open()
	all := pathLog(t, repo, page1, 0)
	for _, n := range []int{1, 3, len(all), len(all) + 5} {
		got := pathLog(t, repo, page1, n)
		want := all[:min(n, len(all))]
		if !reflect.DeepEqual(got, want) {
			t.Errorf("limit %d: got %d entries, want the first %d of the full log", n, len(got), len(want))
		}
	}
	if _, err := repo.PathLog(context.Background(), page1, -1); err == nil {
		t.Error("a negative limit was accepted")
	}
}

func TestPathLogNoHistory(t *testing.T) {
	r, _ := history(t)
	repo := r.open()
	if got := pathLog(t, repo, "transcriptions/book/999", 0); len(got) != 0 {
		t.Errorf("a page never committed has %d entries: %v", len(got), briefs(got))
	}
	if got := pathLog(t, repo, "elsewhere", 0); len(got) != 0 {
		t.Errorf("a folder never committed has %d entries", len(got))
	}
	// A file is not a folder: nothing is listed under it.
	if got := pathLog(t, repo, "transcriptions/project.toml", 0); len(got) != 0 {
		t.Errorf("a file as the prefix has %d entries", len(got))
	}
	for _, bad := range []string{"", "/", "../x", "a/../b", "./a", "a//b"} {
		if _, err := repo.PathLog(context.Background(), bad, 0); err == nil {
			t.Errorf("prefix %q was accepted", bad)
		}
	}
}

func TestPathLogUnborn(t *testing.T) {
	r := newWorktreeRepo(t)
	r.write(page1+"/readings/ocr.txt", "not committed\n")
	got, err := r.open().PathLog(context.Background(), page1, 0)
	if err != nil || len(got) != 0 {
		t.Errorf("PathLog on an unborn HEAD = %v, %v; want nothing and no error", briefs(got), err)
	}
}

func TestPathLogDetachedHead(t *testing.T) {
	r, c := history(t)
	if err := r.g.Storer.SetReference(plumbing.NewHashReference(plumbing.HEAD, c["fix"])); err != nil {
		t.Fatal(err)
	}
	sameLines(t, "log from a detached HEAD", briefs(pathLog(t, r.open(), page1, 0)), []string{
		"Fix a typo in jane-doe's reading | Bob Roe <bob@example.org> | 2026-01-01T11:30:00Z | M readings/jane-doe.txt",
		"Read book/001 | Jane Doe <jane@example.org> | 2026-01-01T10:30:00Z | A readings/jane-doe.txt",
		"Import book | Ann Maintainer <ann@example.org> | 2026-01-01T09:30:00Z | A readings/ocr.txt",
	})
}

func TestPathLogCancelled(t *testing.T) {
	r, _ := history(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.open().PathLog(ctx, page1, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("PathLog with a cancelled context: %v, want context.Canceled", err)
	}
}

// TestPathLogCommitGraph: with git's commit-graph, in one file or as a
// chain, the walk reads commits from it, with the same result.
func TestPathLogCommitGraph(t *testing.T) {
	r, c := history(t)
	want := briefs(pathLog(t, r.open(), page1, 0))
	writeCommitGraph(t, r.g, r.dir)
	info := filepath.Join(r.dir, ".git", "objects", "info")
	for _, form := range []string{"file", "chain"} {
		if form == "chain" {
			if err := os.MkdirAll(filepath.Join(info, "commit-graphs"), 0o755); err != nil {
				t.Fatal(err)
			}
			const id = "0123456789abcdef0123456789abcdef01234567"
			if err := os.Rename(filepath.Join(info, "commit-graph"), filepath.Join(info, "commit-graphs", "graph-"+id+".graph")); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(info, "commit-graphs", "commit-graph-chain"), []byte(id+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		repo := r.open()
		sameLines(t, "log with a commit-graph "+form, briefs(pathLog(t, repo, page1, 0)), want)

		// Once checked against the store, the graph alone answers: no
		// commit object is read.
		_, graph, done := repo.objectReader()
		if graph == nil {
			t.Fatalf("%s: the commit-graph was not found", form)
		}
		w := &pathWalker{treeReader: treeReader{objects: memory.NewStorage()}, graph: graph, graphChecked: true}
		got, err := w.commit(c["merge2"])
		done()
		if err != nil {
			t.Fatalf("%s: reading a commit from the graph: %v", form, err)
		}
		merge, err := r.g.CommitObject(c["merge2"])
		if err != nil {
			t.Fatal(err)
		}
		if got.tree != merge.TreeHash || !reflect.DeepEqual(got.parents, merge.ParentHashes) || got.when != merge.Committer.When.Unix() {
			t.Errorf("%s: from the graph %+v, want tree %s, parents %v, time %d", form, got, merge.TreeHash, merge.ParentHashes, merge.Committer.When.Unix())
		}
	}
}

// writeCommitGraph writes .git/objects/info/commit-graph for every
// commit, as git gc would, with go-git's encoder.
func writeCommitGraph(tb testing.TB, g *git.Repository, dir string) {
	tb.Helper()
	idx := commitgraph.NewMemoryIndex()
	iter, err := g.CommitObjects()
	if err != nil {
		tb.Fatal(err)
	}
	err = iter.ForEach(func(c *object.Commit) error {
		idx.Add(c.Hash, &commitgraph.CommitData{TreeHash: c.TreeHash, ParentHashes: c.ParentHashes, Generation: 1, When: c.Committer.When})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, ".git", "objects", "info", "commit-graph"))
	if err != nil {
		tb.Fatal(err)
	}
	if err := commitgraph.NewEncoder(f).Encode(idx); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// TestPathLogShallow: in a shallow clone the walk stops at the shallow
// commits, taking them as roots, and never reads their missing parents.
func TestPathLogShallow(t *testing.T) {
	r, c := history(t)
	if err := r.g.Storer.SetShallow([]plumbing.Hash{c["fix"]}); err != nil {
		t.Fatal(err)
	}
	read := c["read"].String()
	if err := os.Remove(filepath.Join(r.dir, ".git", "objects", read[:2], read[2:])); err != nil {
		t.Fatal(err)
	}
	got := briefs(pathLog(t, r.open(), page1, 0))
	sameLines(t, "shallow log", got[len(got)-2:], []string{
		"Drop the OCR of book/001 | Ann Maintainer <ann@example.org> | 2026-01-01T13:30:00Z | D readings/ocr.txt",
		"Fix a typo in jane-doe's reading | Bob Roe <bob@example.org> | 2026-01-01T11:30:00Z | A readings/jane-doe.txt, A readings/ocr.txt",
	})
}

// TestPathLogFileAndFolder: a file replaced by a folder of the same name
// is a deletion and additions, and an executable bit is a modification.
func TestPathLogFileAndFolder(t *testing.T) {
	r := newWorktreeRepo(t)
	r.write(page1+"/notes", "a file\n")
	r.write(page1+"/run.sh", "echo\n")
	r.commit("ann", 10, "notes as a file")
	if _, err := r.wt.Remove(page1 + "/notes"); err != nil { // go-git's add -A cannot turn a file into a folder
		t.Fatal(err)
	}
	r.write(page1+"/notes/a.txt", "a\n")
	r.write(page1+"/notes/sub/b.txt", "b\n")
	if err := os.Chmod(filepath.Join(r.dir, page1, "run.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.commit("ann", 11, "notes as a folder")
	sameLines(t, "log", briefs(pathLog(t, r.open(), page1, 0)), []string{
		"notes as a folder | Ann Maintainer <ann@example.org> | 2026-01-01T10:30:00Z | D notes, A notes/a.txt, A notes/sub/b.txt, M run.sh",
		"notes as a file | Ann Maintainer <ann@example.org> | 2026-01-01T09:30:00Z | A notes, A run.sh",
	})
}

// TestPathLogMatchesGoGit checks the walk against go-git's own path-
// filtered log (slow, but independent) on a generated linear history.
func TestPathLogMatchesGoGit(t *testing.T) {
	b := newHistoryBuilder(t)
	for i := range 200 {
		b.step(i, 4, 5, i%7 == 3)
	}
	dir := t.TempDir()
	b.save(dir, false, false)
	repo, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"transcriptions/doc-01/002", "transcriptions/doc-03/004", "transcriptions/doc-00"} {
		got := pathLog(t, repo, prefix, 0)
		var gotHashes []string
		for _, e := range got {
			gotHashes = append(gotHashes, e.Hash)
		}
		iter, err := repo.git.Log(&git.LogOptions{PathFilter: func(p string) bool { return strings.HasPrefix(p, prefix+"/") }})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		if err := iter.ForEach(func(c *object.Commit) error {
			want = append(want, c.Hash.String())
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 {
			t.Fatalf("%s: go-git lists no commits: the generated history is wrong", prefix)
		}
		sameLines(t, prefix, gotHashes, want)
	}
}

// historyBuilder makes a generated history in memory with go-git's
// plumbing, far faster than through a work tree: each step writes one
// blob, rewrites only the trees on its path and adds a commit. save
// writes it into a repository, packed as a clone's objects are, or loose
// as go-git commits them.
type historyBuilder struct {
	tb   testing.TB
	mem  *memory.Storage
	root *buildDir
	tip  plumbing.Hash
	n    int // commits
}

type buildDir struct {
	files map[string]plumbing.Hash
	dirs  map[string]*buildDir
	hash  plumbing.Hash // zero when it must be written again
}

func newBuildDir() *buildDir {
	return &buildDir{files: map[string]plumbing.Hash{}, dirs: map[string]*buildDir{}}
}

func newHistoryBuilder(tb testing.TB) *historyBuilder {
	return &historyBuilder{tb: tb, mem: memory.NewStorage(), root: newBuildDir()}
}

// step makes commit number i of a history of docs documents with pages
// pages each: it adds (or, with edit, rewrites) one reading of one page,
// going round the pages so that each page gets a reading in turn.
func (b *historyBuilder) step(i, docs, pages int, edit bool) {
	reader := i / (docs * pages)
	if edit {
		reader = 0
	}
	b.add(i%docs, (i/docs)%pages, reader)
}

// add commits a reading by reader-R of page P+1 of document doc-D.
func (b *historyBuilder) add(doc, page, reader int) {
	p := fmt.Sprintf("transcriptions/doc-%02d/%03d/readings/reader-%d.txt", doc, page+1, reader)
	b.put(p, fmt.Sprintf("reading %d of %s\n", b.n, p))
	b.commit(fmt.Sprintf("commit %d", b.n), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(b.n)*time.Minute))
}

func (b *historyBuilder) put(p, content string) {
	blob := b.store(plumbing.BlobObject, []byte(content))
	parts := strings.Split(p, "/")
	d := b.root
	d.hash = plumbing.ZeroHash
	for _, name := range parts[:len(parts)-1] {
		sub, ok := d.dirs[name]
		if !ok {
			sub = newBuildDir()
			d.dirs[name] = sub
		}
		d, sub.hash = sub, plumbing.ZeroHash
	}
	d.files[parts[len(parts)-1]] = blob
}

func (b *historyBuilder) store(t plumbing.ObjectType, data []byte) plumbing.Hash {
	obj := b.mem.NewEncodedObject()
	obj.SetType(t)
	w, err := obj.Writer()
	if err == nil {
		_, err = w.Write(data)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		b.tb.Fatal(err)
	}
	return b.set(obj)
}

func (b *historyBuilder) set(obj plumbing.EncodedObject) plumbing.Hash {
	h, err := b.mem.SetEncodedObject(obj)
	if err != nil {
		b.tb.Fatal(err)
	}
	return h
}

// writeTree writes the trees that changed, bottom up.
func (b *historyBuilder) writeTree(d *buildDir) plumbing.Hash {
	if !d.hash.IsZero() {
		return d.hash
	}
	var entries []object.TreeEntry
	for name, h := range d.files {
		entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: h})
	}
	for name, sub := range d.dirs {
		entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: b.writeTree(sub)})
	}
	sort.Slice(entries, func(i, j int) bool { return treeOrder(entries[i]) < treeOrder(entries[j]) })
	obj := b.mem.NewEncodedObject()
	if err := (&object.Tree{Entries: entries}).Encode(obj); err != nil {
		b.tb.Fatal(err)
	}
	d.hash = b.set(obj)
	return d.hash
}

// treeOrder is the key git sorts tree entries by: a folder's name as if
// it ended in "/".
func treeOrder(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

func (b *historyBuilder) commit(msg string, when time.Time) {
	sig := object.Signature{Name: "Gen Erator", Email: "gen@example.org", When: when}
	c := &object.Commit{Author: sig, Committer: sig, Message: msg, TreeHash: b.writeTree(b.root)}
	if !b.tip.IsZero() {
		c.ParentHashes = []plumbing.Hash{b.tip}
	}
	obj := b.mem.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		b.tb.Fatal(err)
	}
	b.tip = b.set(obj)
	b.n++
}

// save writes the history into a new repository at dir, with main at its
// last commit: in one pack, as a clone has its objects (whole objects,
// no deltas: go-git's encoder finds few here and takes seconds looking),
// or as loose objects, as go-git commits them; with graph, a commit-graph
// as well, as git gc writes one.
func (b *historyBuilder) save(dir string, packed, graph bool) {
	b.tb.Helper()
	if _, err := Ensure(dir); err != nil {
		b.tb.Fatal(err)
	}
	g, err := git.PlainOpen(dir)
	if err != nil {
		b.tb.Fatal(err)
	}
	iter, err := b.mem.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		b.tb.Fatal(err)
	}
	var hashes []plumbing.Hash
	err = iter.ForEach(func(o plumbing.EncodedObject) error {
		if packed {
			hashes = append(hashes, o.Hash())
			return nil
		}
		_, err := g.Storer.SetEncodedObject(o)
		return err
	})
	if err != nil {
		b.tb.Fatal(err)
	}
	if packed {
		w, err := g.Storer.(storer.PackfileWriter).PackfileWriter()
		if err != nil {
			b.tb.Fatal(err)
		}
		if _, err := packfile.NewEncoder(w, b.mem, false).Encode(hashes, 0); err != nil {
			b.tb.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.tb.Fatal(err)
		}
	}
	if err := g.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName(DefaultBranch), b.tip)); err != nil {
		b.tb.Fatal(err)
	}
	if graph {
		writeCommitGraph(b.tb, g, dir)
	}
}

// BenchmarkPathLog times the whole log of one page, opening the
// repository in every iteration as the command does, on generated
// linear histories in which each commit adds one reading to one of 200
// pages in 20 documents: 1,000 to 8,000 commits in one pack (as a clone
// has them), with a commit-graph (as git gc leaves them), and as loose
// objects (as go-git writes commits).
func BenchmarkPathLog(b *testing.B) {
	for _, c := range []struct {
		commits       int
		packed, graph bool
	}{
		{1000, true, false}, {2000, true, false}, {4000, true, false}, {8000, true, false},
		{2000, true, true}, {8000, true, true},
		{2000, false, false},
	} {
		name := fmt.Sprintf("commits=%d/packed", c.commits)
		switch {
		case c.graph:
			name += "+graph"
		case !c.packed:
			name = fmt.Sprintf("commits=%d/loose", c.commits)
		}
		b.Run(name, func(b *testing.B) {
			hb := newHistoryBuilder(b)
			for i := range c.commits {
				hb.step(i, 20, 10, false)
			}
			dir := b.TempDir()
			hb.save(dir, c.packed, c.graph)
			prefix := path.Join("transcriptions", "doc-07", "005")
			for b.Loop() {
				repo, err := Open(dir)
				if err != nil {
					b.Fatal(err)
				}
				entries, err := repo.PathLog(context.Background(), prefix, 0)
				if err != nil {
					b.Fatal(err)
				}
				if len(entries) != c.commits/200 {
					b.Fatalf("%d entries, want %d", len(entries), c.commits/200)
				}
			}
		})
	}
}

// allLogs is every log the tests of history compare, one line each.
func allLogs(t *testing.T, repo *Repo) []string {
	t.Helper()
	var out []string
	for _, prefix := range []string{page1, page2, page1 + "/readings", "transcriptions", "transcriptions/book"} {
		for _, limit := range []int{0, 1, 4} {
			for _, e := range pathLog(t, repo, prefix, limit) {
				out = append(out, fmt.Sprintf("%s %d %s %s", prefix, limit, e.Hash, brief(e)))
			}
		}
	}
	return out
}

// smallBatches makes the walk cut its batches small and among four
// readers, so that a short history takes the parallel path.
func smallBatches(t *testing.T) {
	first, later, readers := firstBatch, laterBatch, walkReaders
	firstBatch, laterBatch, walkReaders = 2, 5, func() int { return 4 }
	t.Cleanup(func() { firstBatch, laterBatch, walkReaders = first, later, readers })
}

// TestPathLogBatches: read in small batches by several readers, the log
// is the same, with a commit-graph and without.
func TestPathLogBatches(t *testing.T) {
	r, _ := history(t)
	want := allLogs(t, r.open())
	smallBatches(t)
	sameLines(t, "logs in small batches", allLogs(t, r.open()), want)
	writeCommitGraph(t, r.g, r.dir)
	sameLines(t, "logs in small batches, with a commit-graph", allLogs(t, r.open()), want)

	b := newHistoryBuilder(t)
	for i := range 120 {
		b.step(i, 3, 4, i%5 == 2)
	}
	dir := t.TempDir()
	b.save(dir, true, true)
	repo, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := briefs(pathLog(t, repo, "transcriptions/doc-01/002", 0))
	firstBatch, laterBatch = 1024, 8192
	sameLines(t, "generated history in small batches", got, briefs(pathLog(t, repo, "transcriptions/doc-01/002", 0)))
}

// repack moves every object of the repository at dir into one pack with
// deltas, as git gc leaves them, with go-git's encoder: against bases at
// an offset in the pack, or named by hash (refDeltas). Its loose objects
// are removed.
func repack(t *testing.T, dir string, refDeltas bool) {
	t.Helper()
	g, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	iter, err := g.Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		t.Fatal(err)
	}
	var hashes []plumbing.Hash
	if err := iter.ForEach(func(o plumbing.EncodedObject) error {
		hashes = append(hashes, o.Hash())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	mem := memory.NewStorage()
	for _, h := range hashes {
		o, err := g.Storer.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mem.SetEncodedObject(o); err != nil {
			t.Fatal(err)
		}
	}
	w, err := g.Storer.(storer.PackfileWriter).PackfileWriter()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := packfile.NewEncoder(w, mem, refDeltas).Encode(hashes, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	objects := filepath.Join(dir, ".git", "objects")
	entries, err := os.ReadDir(objects)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if len(e.Name()) == 2 {
			if err := os.RemoveAll(filepath.Join(objects, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestPathLogPacked: from a pack with deltas, of either kind, the log is
// the same as from loose objects, read by one reader or several.
func TestPathLogPacked(t *testing.T) {
	for _, refDeltas := range []bool{false, true} {
		t.Run(fmt.Sprintf("refDeltas=%v", refDeltas), func(t *testing.T) {
			r, _ := history(t)
			want := allLogs(t, r.open())
			repack(t, r.dir, refDeltas)
			repo := r.open()
			if n := packedDeltas(t, repo, refDeltas); n == 0 {
				t.Fatal("the pack holds no deltas of that kind")
			}
			sameLines(t, "logs from a pack", allLogs(t, repo), want)
			t.Run("small batches", func(t *testing.T) {
				smallBatches(t)
				sameLines(t, "logs from a pack in small batches", allLogs(t, r.open()), want)
			})
		})
	}
}

// packedDeltas counts the deltas of one kind in the repository's one pack.
func packedDeltas(t *testing.T, repo *Repo, refDeltas bool) int {
	t.Helper()
	fs := repo.git.Storer.(*filesystem.Storage)
	hashes, err := fs.ObjectPacks()
	if err != nil || len(hashes) != 1 {
		t.Fatalf("%d packs (%v), want 1", len(hashes), err)
	}
	f, err := fs.Filesystem().Open(path.Join("objects", "pack", "pack-"+hashes[0].String()+".pack"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := packfile.NewScanner(f)
	_, count, err := s.Header()
	if err != nil {
		t.Fatal(err)
	}
	kind := plumbing.OFSDeltaObject
	if refDeltas {
		kind = plumbing.REFDeltaObject
	}
	n := 0
	for range count {
		h, err := s.NextObjectHeader()
		if err != nil {
			t.Fatal(err)
		}
		if h.Type == kind {
			n++
		}
		if _, _, err := s.NextObject(io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// TestPathLogMalformedCommitGraph: a commit-graph that is missing,
// malformed or wrong, alone or in a chain, is not used: the log is read
// from the object store and is the same as without any graph.
func TestPathLogMalformedCommitGraph(t *testing.T) {
	r, c := history(t)
	want := briefs(pathLog(t, r.open(), page1, 0))
	info := filepath.Join(r.dir, ".git", "objects", "info")
	writeCommitGraph(t, r.g, r.dir)
	good, err := os.ReadFile(filepath.Join(info, "commit-graph"))
	if err != nil {
		t.Fatal(err)
	}
	// A graph in which the tip has another commit's tree and parents.
	wrong := commitgraph.NewMemoryIndex()
	iter, err := r.g.CommitObjects()
	if err != nil {
		t.Fatal(err)
	}
	other, err := r.g.CommitObject(c["gone"])
	if err != nil {
		t.Fatal(err)
	}
	if err := iter.ForEach(func(cm *object.Commit) error {
		d := &commitgraph.CommitData{TreeHash: cm.TreeHash, ParentHashes: cm.ParentHashes, Generation: 1, When: cm.Committer.When}
		if cm.Hash == c["back"] {
			d.TreeHash, d.ParentHashes = other.TreeHash, other.ParentHashes
		}
		wrong.Add(cm.Hash, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var wrongBytes strings.Builder
	if err := commitgraph.NewEncoder(&wrongBytes).Encode(wrong); err != nil {
		t.Fatal(err)
	}
	const (
		id1 = "1111111111111111111111111111111111111111"
		id2 = "2222222222222222222222222222222222222222"
	)
	garbage := []byte("CGPH\x01\x01\x03\x00 not a commit-graph")
	for _, tc := range []struct {
		name  string
		file  []byte            // objects/info/commit-graph
		chain string            // commit-graphs/commit-graph-chain
		files map[string][]byte // commit-graphs/graph-ID.graph
	}{
		{name: "chain naming a missing graph", chain: id1 + "\n"},
		{name: "chain of one garbage graph", chain: id1 + "\n", files: map[string][]byte{id1: garbage}},
		{name: "chain of a good graph and a garbage one", chain: id1 + "\n" + id2 + "\n", files: map[string][]byte{id1: good, id2: garbage}},
		{name: "chain of a good graph and a missing one", chain: id1 + "\n" + id2 + "\n", files: map[string][]byte{id1: good}},
		{name: "chain file that is not a list of hashes", chain: "not a hash\n", files: map[string][]byte{id1: good}},
		{name: "chain of a graph with wrong commit data", chain: id1 + "\n", files: map[string][]byte{id1: []byte(wrongBytes.String())}},
		{name: "truncated commit-graph", file: good[:len(good)/2]},
		{name: "commit-graph with wrong commit data", file: []byte(wrongBytes.String())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, p := range []string{"commit-graph", "commit-graphs"} {
				if err := os.RemoveAll(filepath.Join(info, p)); err != nil {
					t.Fatal(err)
				}
			}
			if tc.file != nil {
				if err := os.WriteFile(filepath.Join(info, "commit-graph"), tc.file, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.chain != "" {
				dir := filepath.Join(info, "commit-graphs")
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "commit-graph-chain"), []byte(tc.chain), 0o644); err != nil {
					t.Fatal(err)
				}
				for id, b := range tc.files {
					if err := os.WriteFile(filepath.Join(dir, "graph-"+id+".graph"), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			repo := r.open()
			sameLines(t, "log", briefs(pathLog(t, repo, page1, 0)), want)
			if tc.chain != "" {
				// go-git's own chain loader, which the log does not use.
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Logf("go-git's OpenChainIndex panics here: %v", p)
						}
					}()
					if idx, err := commitgraph.OpenChainIndex(repo.git.Storer.(*filesystem.Storage).Filesystem()); err == nil {
						idx.Close()
					}
				}()
			}
		})
	}
}

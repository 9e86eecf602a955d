package gitrepo

// Tests of Land: how a pull request's change lands on its base tip.
// Where git is installed, git's own merge (git merge-tree, which is
// merge-ort, as the forge's merge button uses) is the oracle.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ---- a repository of commits written as objects ----

type landRepo struct {
	t   *testing.T
	dir string
	g   *git.Repository
	n   int
}

func newLandRepo(t *testing.T) *landRepo {
	t.Helper()
	dir := t.TempDir()
	g, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return &landRepo{t: t, dir: dir, g: g}
}

// file is a tree entry's content: a blob's text, or for a gitlink the
// commit it names.
type file struct {
	mode filemode.FileMode
	data string
	link plumbing.Hash
}

func reg(s string) file { return file{mode: filemode.Regular, data: s} }

type files map[string]file

func (f files) with(changes files) files {
	out := files{}
	for k, v := range f {
		out[k] = v
	}
	for k, v := range changes {
		if v.mode == 0 {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

func (r *landRepo) store(typ plumbing.ObjectType, data []byte) plumbing.Hash {
	r.t.Helper()
	o := r.g.Storer.NewEncodedObject()
	o.SetType(typ)
	w, err := o.Writer()
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		r.t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		r.t.Fatal(err)
	}
	h, err := r.g.Storer.SetEncodedObject(o)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// tree stores the files under dir ("" for the root) as a tree.
func (r *landRepo) tree(fs files, dir string) plumbing.Hash {
	r.t.Helper()
	type ent struct {
		name string
		mode filemode.FileMode
		hash plumbing.Hash
	}
	var entries []ent
	subdirs := map[string]bool{}
	for p, f := range fs {
		rest, ok := strings.CutPrefix(p, dir)
		if !ok {
			continue
		}
		name, _, isDir := strings.Cut(rest, "/")
		if isDir {
			subdirs[name] = true
			continue
		}
		h := f.link
		if f.mode != filemode.Submodule {
			h = r.store(plumbing.BlobObject, []byte(f.data))
		}
		entries = append(entries, ent{name, f.mode, h})
	}
	for name := range subdirs {
		entries = append(entries, ent{name, filemode.Dir, r.tree(fs, dir+name+"/")})
	}
	key := func(e ent) string {
		if e.mode == filemode.Dir {
			return e.name + "/"
		}
		return e.name
	}
	sort.Slice(entries, func(i, j int) bool { return key(entries[i]) < key(entries[j]) })
	var b bytes.Buffer
	for _, e := range entries {
		fmt.Fprintf(&b, "%o %s\x00", e.mode, e.name)
		b.Write(e.hash[:])
	}
	return r.store(plumbing.TreeObject, b.Bytes())
}

func (r *landRepo) commitTree(tree plumbing.Hash, parents ...plumbing.Hash) plumbing.Hash {
	r.t.Helper()
	r.n++
	sig := object.Signature{Name: "t", Email: "t@example.org", When: time.Date(2026, 1, 1, 0, r.n, 0, 0, time.UTC)}
	c := &object.Commit{Author: sig, Committer: sig, Message: fmt.Sprintf("commit %d", r.n), TreeHash: tree, ParentHashes: parents}
	o := r.g.Storer.NewEncodedObject()
	if err := c.Encode(o); err != nil {
		r.t.Fatal(err)
	}
	h, err := r.g.Storer.SetEncodedObject(o)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

func (r *landRepo) commit(fs files, parents ...plumbing.Hash) plumbing.Hash {
	r.t.Helper()
	return r.commitTree(r.tree(fs, ""), parents...)
}

func (r *landRepo) open() *Repo {
	r.t.Helper()
	repo, err := Open(r.dir)
	if err != nil {
		r.t.Fatal(err)
	}
	return repo
}

// gitMergeTree is git's merge of two commits: its tree and its
// conflicting paths, sorted; ok is false when git cannot say.
func gitMergeTree(t *testing.T, dir string, a, b plumbing.Hash) (tree string, conflicts []string, ok bool) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		return "", nil, false
	}
	cmd := exec.Command("git", "-C", dir, "merge-tree", "--write-tree", "--name-only", "--no-messages", a.String(), b.String())
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Logf("git merge-tree: %v\n%s", err, out)
		return "", nil, false
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	for _, l := range lines[1:] {
		if l == "" {
			break
		}
		conflicts = append(conflicts, l)
	}
	slices.Sort(conflicts)
	return lines[0], slices.Compact(conflicts), true
}

// ---- Land ----

// landed lists a landed tree: "path mode content" for every file.
func landed(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	out, err := landedErr(fsys)
	if err != nil {
		t.Fatalf("walking the landed tree: %v", err)
	}
	return out
}

func landedErr(fsys fs.FS) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		content := ""
		if fi.Mode().IsRegular() {
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			content = string(b)
		}
		out = append(out, fmt.Sprintf("%s %v %q", p, fi.Mode(), content))
		return nil
	})
	return out, err
}

func TestLand(t *testing.T) {
	const text = "one\ntwo\nthree\nfour\nfive\n"
	base := files{
		"keep.txt":       reg("keep\n"),
		"a/text.txt":     reg(text),
		"a/other.txt":    reg("other\n"),
		"b/only.txt":     reg("only\n"),
		"tool/script.sh": reg("#!/bin/sh\n"),
	}
	tests := []struct {
		name      string
		main, pr  files // changes since the merge base (mode 0: deleted)
		want      files // the landed tree: base with these changes
		conflicts []string
	}{
		{name: "only the pull request changed", pr: files{"a/text.txt": reg("ONE\n")}, want: files{"a/text.txt": reg("ONE\n")}},
		{name: "only main changed", main: files{"keep.txt": reg("kept\n")}, pr: files{"b/only.txt": reg("ONLY\n")},
			want: files{"keep.txt": reg("kept\n"), "b/only.txt": reg("ONLY\n")}},
		{name: "both changed lines apart",
			main: files{"a/text.txt": reg("one\ntwo\nthree\nfour\nFIVE\n")}, pr: files{"a/text.txt": reg("ONE\ntwo\nthree\nfour\nfive\n")},
			want: files{"a/text.txt": reg("ONE\ntwo\nthree\nfour\nFIVE\n")}},
		{name: "both changed one line",
			main: files{"a/text.txt": reg("ONE\ntwo\nthree\nfour\nfive\n")}, pr: files{"a/text.txt": reg("Eins\ntwo\nthree\nfour\nfive\n")},
			want:      files{"a/text.txt": reg("Eins\ntwo\nthree\nfour\nfive\n")}, // the pull request's side
			conflicts: []string{"a/text.txt"}},
		{name: "both made the same change", main: files{"a/text.txt": reg("ONE\n")}, pr: files{"a/text.txt": reg("ONE\n")},
			want: files{"a/text.txt": reg("ONE\n")}},
		{name: "deleted here, changed there", main: files{"a/text.txt": reg("ONE\n")}, pr: files{"a/text.txt": {}},
			want: files{"a/text.txt": {}}, conflicts: []string{"a/text.txt"}},
		{name: "changed here, deleted there", main: files{"a/text.txt": {}}, pr: files{"a/text.txt": reg("ONE\n")},
			want: files{"a/text.txt": reg("ONE\n")}, conflicts: []string{"a/text.txt"}},
		{name: "added on both sides", main: files{"c/new.txt": reg("main\n")}, pr: files{"c/new.txt": reg("pr\n")},
			want: files{"c/new.txt": reg("pr\n")}, conflicts: []string{"c/new.txt"}},
		{name: "added alike on both sides", main: files{"c/new.txt": reg("same\n")}, pr: files{"c/new.txt": reg("same\n")},
			want: files{"c/new.txt": reg("same\n")}},
		{name: "a folder emptied", pr: files{"b/only.txt": {}}, want: files{"b/only.txt": {}}},
		{name: "a new folder", pr: files{"c/d/e.txt": reg("e\n")}, want: files{"c/d/e.txt": reg("e\n")}},
		{name: "made executable here, changed there",
			main: files{"tool/script.sh": reg("#!/bin/sh\necho\n")}, pr: files{"tool/script.sh": {mode: filemode.Executable, data: "#!/bin/sh\n"}},
			want: files{"tool/script.sh": {mode: filemode.Executable, data: "#!/bin/sh\necho\n"}}},
		{name: "a symbolic link both sides changed",
			main: files{"keep.txt": {mode: filemode.Symlink, data: "a/text.txt"}}, pr: files{"keep.txt": {mode: filemode.Symlink, data: "b/only.txt"}},
			want: files{"keep.txt": {mode: filemode.Symlink, data: "b/only.txt"}}, conflicts: []string{"keep.txt"}},
		{name: "a folder replaced by a file", pr: files{"b/only.txt": {}, "b": reg("b\n")}, want: files{"b/only.txt": {}, "b": reg("b\n")}},
		{name: "a file replaced by a folder", pr: files{"keep.txt": {}, "keep.txt/inside.txt": reg("in\n")},
			// overlayFS once listed the path in ReadDir, and Lstat then found
			// the deleted file first and said it did not exist.
			want: files{"keep.txt": {}, "keep.txt/inside.txt": reg("in\n")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newLandRepo(t)
			mb := r.commit(base)
			mainTip := r.commit(base.with(tc.main), mb)
			prTip := r.commit(base.with(tc.pr), mb)
			l, err := r.open().Land(mainTip, prTip)
			if err != nil {
				t.Fatal(err)
			}
			if l.MergeBase != mb {
				t.Errorf("merge base %s, want %s", l.MergeBase, mb)
			}
			if !slices.Equal(l.Conflicts, tc.conflicts) {
				t.Errorf("conflicts %q, want %q", l.Conflicts, tc.conflicts)
			}
			want := base.with(tc.main).with(tc.want)
			wantTree := landed(t, mustTreeFS(t, r, r.commit(want)))
			got, walkErr := landedErr(l.FS)
			if walkErr != nil {
				t.Fatalf("walking the landed tree: %v", walkErr)
			}
			if !reflect.DeepEqual(got, wantTree) {
				t.Errorf("landed tree\n got %q\nwant %q", got, wantTree)
			}
			// git's own merge agrees on what conflicts, and where nothing
			// does, on the tree.
			if gitTree, gitConflicts, ok := gitMergeTree(t, r.dir, mainTip, prTip); ok {
				if !slices.Equal(gitConflicts, sorted(tc.conflicts)) {
					t.Errorf("git merge-tree conflicts %q, Land %q", gitConflicts, l.Conflicts)
				}
				if len(gitConflicts) == 0 {
					if g := landed(t, mustTreeFS(t, r, r.commitTree(plumbing.NewHash(gitTree)))); !reflect.DeepEqual(got, g) {
						t.Errorf("landed tree\n got %q\n git %q", got, g)
					}
				}
			}
		})
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func mustTreeFS(t *testing.T, r *landRepo, commit plumbing.Hash) fs.FS {
	t.Helper()
	fsys, err := r.open().TreeFS(commit)
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// TestLandMergeCommits: the pull request's own change, when it has merged
// main into itself, evilly or not.
func TestLandMergeCommits(t *testing.T) {
	base := files{"ann.txt": reg("ann\n"), "ben.txt": reg("ben\n")}
	r := newLandRepo(t)
	mb := r.commit(base)
	pr1 := r.commit(base.with(files{"ann.txt": reg("ANN\n")}), mb)
	main1 := r.commit(base.with(files{"ben.txt": reg("BEN\n")}), mb)
	// The pull request merges main, and (evilly) changes ben.txt again.
	honest := r.commit(base.with(files{"ann.txt": reg("ANN\n"), "ben.txt": reg("BEN\n")}), pr1, main1)
	evil := r.commit(base.with(files{"ann.txt": reg("ANN\n"), "ben.txt": reg("EVIL\n")}), pr1, main1)
	for _, tc := range []struct {
		name string
		head plumbing.Hash
		want []string
	}{
		{"an honest merge", honest, []string{"ann.txt"}},
		{"an evil merge", evil, []string{"ann.txt", "ben.txt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := r.open().Land(main1, tc.head)
			if err != nil {
				t.Fatal(err)
			}
			if l.MergeBase != main1 {
				t.Errorf("merge base %s, want main's tip %s", l.MergeBase, main1)
			}
			var paths []string
			for _, c := range l.Changes {
				paths = append(paths, c.Path)
			}
			if !slices.Equal(paths, tc.want) {
				t.Errorf("changes %q, want %q", paths, tc.want)
			}
		})
	}
}

// TestLandNames: Changes gives every path exactly as stored, with why a
// name is unsafe, and the landed tree leaves such entries out.
func TestLandNames(t *testing.T) {
	r := newLandRepo(t)
	base := files{"t/doc/002/readings/ben.txt": reg("ben\n")}
	mb := r.commit(base)
	blob := r.store(plumbing.BlobObject, []byte("evil\n"))
	entry := func(name string) []byte {
		return append([]byte("100644 "+name+"\x00"), blob[:]...)
	}
	c, err := r.g.CommitObject(mb)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	// The root of the head: base's t/, and beside it entries with bad names.
	tEntry, err := tr.FindEntry("t")
	if err != nil {
		t.Fatal(err)
	}
	var root bytes.Buffer
	for _, n := range []string{"..", ".GIT", ".git.", "a\\b", "t/doc/002/readings/ben.txt"} {
		root.Write(entry(n))
	}
	root.Write(append([]byte("40000 t\x00"), tEntry.Hash[:]...))
	head := r.commitTree(r.store(plumbing.TreeObject, root.Bytes()), mb)
	l, err := r.open().Land(mb, head)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ch := range l.Changes {
		got = append(got, fmt.Sprintf("%s|%v", ch.Path, ch.Invalid != ""))
	}
	want := []string{"..|true", ".GIT|true", ".git.|true", "a\\b|true", "t/doc/002/readings/ben.txt|true"}
	if !slices.Equal(got, want) {
		t.Errorf("changes %q, want %q", got, want)
	}
	b, err := fs.ReadFile(l.FS, "t/doc/002/readings/ben.txt")
	if err != nil || string(b) != "ben\n" {
		t.Errorf("the landed ben.txt = %q, %v; want the base's", b, err)
	}
	entries, err := fs.ReadDir(l.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "t" {
		t.Errorf("the landed root holds %v, want only t", entries)
	}
}

// TestLandGitlink: a gitlink lands as an entry that is no file.
func TestLandGitlink(t *testing.T) {
	r := newLandRepo(t)
	base := files{"a.txt": reg("a\n")}
	mb := r.commit(base)
	head := r.commit(base.with(files{"sub": {mode: filemode.Submodule, link: plumbing.NewHash("5d41402abc4b2a76b9719d911017c592aabbccdd")}}), mb)
	l, err := r.open().Land(mb, head)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Changes) != 1 || l.Changes[0].To != filemode.Submodule {
		t.Fatalf("changes %+v", l.Changes)
	}
	fi, err := fs.Lstat(l.FS, "sub")
	if err != nil || fi.Mode().IsRegular() || fi.IsDir() {
		t.Errorf("Lstat(sub) = %v, %v; want an irregular entry", fi, err)
	}
	if _, err := fs.ReadFile(l.FS, "sub"); err == nil {
		t.Error("a gitlink reads as a file")
	}
}

// TestLandManyLines lands a change to a file both sides changed that is
// longer than Merge3 handles (see TestMerge3ManyLines): a document's
// canonical text rebuilt on both sides.
func TestLandManyLines(t *testing.T) {
	var b strings.Builder
	for i := range 56000 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	text := b.String()
	r := newLandRepo(t)
	mb := r.commit(files{"canonical.txt": reg(text)})
	mainTip := r.commit(files{"canonical.txt": reg(strings.Replace(text, "line 55999\n", "LAST\n", 1))}, mb)
	prTip := r.commit(files{"canonical.txt": reg(strings.Replace(text, "line 0\n", "FIRST\n", 1))}, mb)
	var crash any
	var l *Landing
	var err error
	func() {
		defer func() { crash = recover() }()
		l, err = r.open().Land(mainTip, prTip)
	}()
	if crash != nil {
		// CheckPullRequest would crash the gate on, e.g., two reviewers'
		// rebuilds of a long document's canonical.txt.
		t.Fatalf("Land panics (%v) merging a 56,000-line file both sides changed cleanly (first line here, last there)", crash)
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(l.FS, "canonical.txt")
	want := strings.Replace(strings.Replace(text, "line 55999\n", "LAST\n", 1), "line 0\n", "FIRST\n", 1)
	if err != nil || string(got) != want || len(l.Conflicts) != 0 {
		t.Errorf("landed wrongly: conflicts %q, err %v, equal %v", l.Conflicts, err, string(got) == want)
	}
}

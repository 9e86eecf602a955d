package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Resolve turns a revision (a branch, tag, hash, HEAD~2…) into a commit.
func (r *Repo) Resolve(rev string) (plumbing.Hash, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, err := r.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("cannot resolve %q to a commit: %v", rev, err)
	}
	return *h, nil
}

// MergeBase returns the best common ancestor of two commits.
func (r *Repo) MergeBase(a, b plumbing.Hash) (plumbing.Hash, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ca, err := r.git.CommitObject(a)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	cb, err := r.git.CommitObject(b)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if len(bases) == 0 {
		return plumbing.ZeroHash, fmt.Errorf("%s and %s have no common history", a.String()[:12], b.String()[:12])
	}
	return bases[0].Hash, nil
}

// Change is one path that differs between two commits. A rename is a
// deletion and an addition; a change of mode alone is a change. Path is
// exactly as stored: the tree entries' names joined with slashes, never
// tidied, so that a crafted name is judged as itself.
type Change struct {
	Path             string
	From, To         filemode.FileMode // 0 when the path is absent on that side
	FromHash, ToHash plumbing.Hash     // the blobs (or, for an Invalid entry, trees) on each side
	// Invalid says why the last name of Path cannot be checked out safely
	// ("", ".", "..", ".git", a slash or backslash in it); empty for a
	// good name. An invalid folder is reported once, not walked.
	Invalid string
}

// InvalidName says why a tree entry's name is unsafe to check out, or
// returns "" for a good name. Git refuses some of these itself; a tree
// made by other means may hold any of them.
func InvalidName(name string) string {
	switch {
	case name == "":
		return "an empty name"
	case name == "." || name == "..":
		return "the name " + strconv.Quote(name)
	case strings.ContainsAny(name, "/\\\x00"):
		return "a slash, backslash or NUL in the name " + strconv.Quote(name)
	case strings.EqualFold(strings.TrimRight(name, ". "), ".git"):
		return "the name " + strconv.Quote(name) + ", which is git's own folder on some systems"
	}
	return ""
}

// joinRaw joins a folder and a name as git stores them: no cleaning.
func joinRaw(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// Changes lists the paths that differ between two commits' trees,
// sorted, from the object database: the work tree plays no part. Equal
// subtrees are skipped by hash, and pack files stay open for the walk, so
// the cost follows the size of the change, not of the repository.
func (r *Repo) Changes(from, to plumbing.Hash) ([]Change, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	objects, _, done := r.objectReader()
	defer done()
	w := &pathWalker{objects: objects, trees: newTreeCache(64)}
	tf, err := r.treeOf(from)
	if err != nil {
		return nil, err
	}
	tt, err := r.treeOf(to)
	if err != nil {
		return nil, err
	}
	var out []Change
	if err := w.diffModes(tf.Hash, tt.Hash, "", &out); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

func entryMode(e treeEntry) filemode.FileMode {
	m, _ := strconv.ParseUint(e.mode, 8, 32)
	return filemode.FileMode(m)
}

// diffModes appends the files that differ between two trees, with their
// modes on each side, descending only into folders whose hashes differ. A
// rename is a deletion and an addition.
func (w *pathWalker) diffModes(old, new plumbing.Hash, dir string, out *[]Change) error {
	if old == new {
		return nil
	}
	oldEntries, err := w.entries(old)
	if err != nil {
		return err
	}
	newEntries, err := w.entries(new)
	if err != nil {
		return err
	}
	before := make(map[string]treeEntry, len(oldEntries))
	for _, e := range oldEntries {
		before[e.name] = e
	}
	whole := func(e treeEntry, p string, added bool) error {
		if bad := InvalidName(e.name); !e.dir() || bad != "" {
			c := Change{Path: p, Invalid: bad}
			if added {
				c.To, c.ToHash = entryMode(e), e.hash
			} else {
				c.From, c.FromHash = entryMode(e), e.hash
			}
			*out = append(*out, c)
			return nil
		}
		if added {
			return w.diffModes(plumbing.ZeroHash, e.hash, p, out)
		}
		return w.diffModes(e.hash, plumbing.ZeroHash, p, out)
	}
	for _, n := range newEntries {
		p := joinRaw(dir, n.name)
		o, ok := before[n.name]
		delete(before, n.name)
		bad := InvalidName(n.name)
		switch {
		case !ok:
			err = whole(n, p, true)
		case o.hash == n.hash && o.mode == n.mode:
		case o.dir() && n.dir() && bad == "":
			err = w.diffModes(o.hash, n.hash, p, out)
		case !o.dir() && !n.dir() || bad != "":
			*out = append(*out, Change{Path: p, From: entryMode(o), To: entryMode(n), FromHash: o.hash, ToHash: n.hash, Invalid: bad})
		default:
			if err = whole(o, p, false); err == nil {
				err = whole(n, p, true)
			}
		}
		if err != nil {
			return err
		}
	}
	for _, o := range oldEntries {
		if _, gone := before[o.name]; gone {
			if err := whole(o, joinRaw(dir, o.name), false); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *Repo) treeOf(commit plumbing.Hash) (*object.Tree, error) {
	c, err := r.git.CommitObject(commit)
	if err != nil {
		return nil, err
	}
	return c.Tree()
}

// TreeFS returns a commit's tree as a read-only file system: the files as
// committed, read from the object database. Symbolic links are reported,
// never followed.
func (r *Repo) TreeFS(commit plumbing.Hash) (fs.FS, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, err := r.treeOf(commit)
	if err != nil {
		return nil, err
	}
	return &treeFS{r: r, root: t}, nil
}

type treeFS struct {
	r    *Repo
	root *object.Tree
}

// entry finds name in the tree; "." is the root.
func (t *treeFS) entry(op, name string) (object.TreeEntry, error) {
	if !fs.ValidPath(name) {
		return object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return object.TreeEntry{Name: ".", Mode: filemode.Dir, Hash: t.root.Hash}, nil
	}
	e, err := t.root.FindEntry(name)
	if err != nil {
		return object.TreeEntry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return *e, nil
}

func (t *treeFS) info(name string, e object.TreeEntry) (fs.FileInfo, error) {
	fi := &entryInfo{name: path.Base(name), mode: goMode(e.Mode)}
	if e.Mode.IsFile() {
		o, err := t.r.git.Storer.EncodedObject(plumbing.AnyObject, e.Hash)
		if err != nil {
			return nil, err
		}
		fi.size = o.Size()
	}
	return fi, nil
}

func (t *treeFS) Lstat(name string) (fs.FileInfo, error) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	e, err := t.entry("lstat", name)
	if err != nil {
		return nil, err
	}
	return t.info(name, e)
}

// Stat does not follow links either: a tree read as data has nowhere to
// follow them to.
func (t *treeFS) Stat(name string) (fs.FileInfo, error) { return t.Lstat(name) }

func (t *treeFS) ReadLink(name string) (string, error) {
	b, err := t.ReadFile(name)
	return string(b), err
}

func (t *treeFS) ReadFile(name string) ([]byte, error) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	e, err := t.entry("read", name)
	if err != nil {
		return nil, err
	}
	if e.Mode == filemode.Dir {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return t.r.readBlob(e.Hash)
}

func (t *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	t.r.mu.Lock()
	defer t.r.mu.Unlock()
	e, err := t.entry("readdir", name)
	if err != nil {
		return nil, err
	}
	if e.Mode != filemode.Dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	tree, err := t.r.git.TreeObject(e.Hash)
	if err != nil {
		return nil, err
	}
	out := make([]fs.DirEntry, 0, len(tree.Entries))
	for _, c := range tree.Entries {
		fi, err := t.info(c.Name, c)
		if err != nil {
			return nil, err
		}
		out = append(out, fs.FileInfoToDirEntry(fi))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (t *treeFS) Open(name string) (fs.File, error) { return open(t, name) }

// readOnlyFS is what the trees read from git answer.
type readOnlyFS interface {
	Lstat(name string) (fs.FileInfo, error)
	ReadDir(name string) ([]fs.DirEntry, error)
	ReadFile(name string) ([]byte, error)
}

// open opens a file or folder of a tree read into memory.
func open(t readOnlyFS, name string) (fs.File, error) {
	fi, err := t.Lstat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		entries, err := t.ReadDir(name)
		if err != nil {
			return nil, err
		}
		return &dirFile{info: fi, entries: entries}, nil
	}
	b, err := t.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &blobFile{info: fi, Reader: bytes.NewReader(b)}, nil
}

func goMode(m filemode.FileMode) fs.FileMode {
	switch m {
	case filemode.Dir:
		return fs.ModeDir | 0o755
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	case filemode.Executable:
		return 0o755
	case filemode.Submodule:
		return fs.ModeIrregular
	default:
		return 0o644
	}
}

type entryInfo struct {
	name string
	mode fs.FileMode
	size int64
}

func (i *entryInfo) Name() string       { return i.name }
func (i *entryInfo) Size() int64        { return i.size }
func (i *entryInfo) Mode() fs.FileMode  { return i.mode }
func (i *entryInfo) ModTime() time.Time { return time.Time{} }
func (i *entryInfo) IsDir() bool        { return i.mode.IsDir() }
func (i *entryInfo) Sys() any           { return nil }

type blobFile struct {
	info fs.FileInfo
	*bytes.Reader
}

func (f *blobFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *blobFile) Close() error               { return nil }

type dirFile struct {
	info    fs.FileInfo
	entries []fs.DirEntry
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Read([]byte) (int, error)   { return 0, errors.New("is a directory") }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}

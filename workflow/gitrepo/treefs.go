package gitrepo

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

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

// overlayFS is a tree with some files replaced, added or deleted.
type overlayFS struct {
	base  fs.FS
	files map[string]*overlayFile // by path; mode 0: deleted
	read  func(plumbing.Hash) ([]byte, error)
	size  func(plumbing.Hash) (int64, error) // without reading the blob
	// dirs maps each folder that holds an overlay file (at any depth) to
	// the names directly in it that lead to one; gone holds the folders
	// with a deleted file somewhere below, which may have become empty.
	dirs map[string]map[string]bool
	gone map[string]bool
}

// inside is the prefix of a folder's children: "" for the root.
func inside(dir string) string {
	if dir == "." {
		return ""
	}
	return dir
}

type overlayFile struct {
	mode filemode.FileMode
	hash plumbing.Hash
	data []byte // when set, the content; else read by hash
}

func (o *overlayFS) put(p string, mode filemode.FileMode, h plumbing.Hash, data []byte) {
	o.files[p] = &overlayFile{mode: mode, hash: h, data: data}
}

// index records the folders that lead to files the overlay adds.
func (o *overlayFS) index() {
	o.dirs, o.gone = map[string]map[string]bool{}, map[string]bool{}
	for p, f := range o.files {
		if f.mode == 0 {
			for d := path.Dir(p); d != "."; d = path.Dir(d) {
				o.gone[d] = true
			}
			continue
		}
		for p != "." {
			dir, name := path.Dir(p), path.Base(p)
			if o.dirs[dir] == nil {
				o.dirs[dir] = map[string]bool{}
			}
			o.dirs[dir][name] = true
			p = dir
		}
	}
}

func (o *overlayFS) content(name string, f *overlayFile) ([]byte, error) {
	if f.data != nil || f.hash.IsZero() {
		return f.data, nil
	}
	return o.read(f.hash)
}

func (o *overlayFS) Lstat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrInvalid}
	}
	if f, ok := o.files[name]; ok && (f.mode != 0 || o.dirs[name] == nil) {
		if f.mode == 0 {
			return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrNotExist}
		}
		if !f.mode.IsFile() {
			return &entryInfo{name: path.Base(name), mode: goMode(f.mode)}, nil // a gitlink: no blob to read
		}
		size := int64(len(f.data))
		if f.data == nil && !f.hash.IsZero() {
			var err error
			if size, err = o.size(f.hash); err != nil {
				return nil, err
			}
		}
		return &entryInfo{name: path.Base(name), mode: goMode(f.mode), size: size}, nil
	}
	if _, ok := o.dirs[name]; ok {
		return &entryInfo{name: path.Base(name), mode: fs.ModeDir | 0o755}, nil
	}
	fi, err := fs.Lstat(o.base, name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() && o.gone[name] {
		// A folder whose every file the overlay deletes is gone, as git
		// keeps no empty folders.
		if entries, err := o.ReadDir(name); err == nil && len(entries) == 0 {
			return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrNotExist}
		}
	}
	return fi, nil
}

func (o *overlayFS) Stat(name string) (fs.FileInfo, error) { return o.Lstat(name) }

func (o *overlayFS) ReadLink(name string) (string, error) {
	b, err := o.ReadFile(name)
	return string(b), err
}

func (o *overlayFS) ReadFile(name string) ([]byte, error) {
	if f, ok := o.files[name]; ok && (f.mode != 0 || o.dirs[name] == nil) {
		if f.mode == 0 {
			return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
		}
		if !f.mode.IsFile() {
			return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("a gitlink (submodule), not a file")}
		}
		return o.content(name, f)
	}
	if _, ok := o.dirs[name]; ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return fs.ReadFile(o.base, name)
}

func (o *overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	base, err := fs.ReadDir(o.base, name)
	added := o.dirs[name]
	if err != nil && added == nil {
		return nil, err
	}
	if err != nil {
		base = nil // a folder the change adds, where the base had none (or a file)
	}
	byName := map[string]fs.DirEntry{}
	for _, e := range base {
		p := joinRaw(inside(name), e.Name())
		if f, ok := o.files[p]; ok && f.mode == 0 {
			continue
		}
		if e.IsDir() && !added[e.Name()] && o.gone[p] {
			if sub, err := o.ReadDir(p); err == nil && len(sub) == 0 {
				continue
			}
		}
		byName[e.Name()] = e
	}
	for child := range added {
		fi, err := o.Lstat(joinRaw(inside(name), child))
		if err != nil {
			return nil, err
		}
		byName[child] = fs.FileInfoToDirEntry(fi)
	}
	out := make([]fs.DirEntry, 0, len(byName))
	for _, e := range byName {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (o *overlayFS) Open(name string) (fs.File, error) { return open(o, name) }

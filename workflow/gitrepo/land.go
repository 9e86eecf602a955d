package gitrepo

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Landing is a pull request's change as it would land on its base
// branch: the base tip's tree with the head's changes since the merge
// base applied, the way a forge's merge button makes the merge commit.
type Landing struct {
	Base, MergeBase, Head plumbing.Hash
	// Changes are the pull request's own: merge base → head, exact paths.
	Changes []Change
	// FS is the landed tree. A path with an invalid name is left out: no
	// tree can hold it, and the scope rules refuse it.
	FS fs.FS
	// Conflicts are the paths that the base branch and the pull request
	// both changed and that do not merge line by line. The landed tree
	// holds the pull request's side of each, so that its checks still see
	// what the pull request wrote.
	Conflicts []string
}

// Land works out how the change from the merge base of base and head to
// head would land on base. Files both sides changed are merged line by
// line, as git merges text: changes to separate lines merge, changes to
// the same or adjacent lines conflict.
func (r *Repo) Land(base, head plumbing.Hash) (*Landing, error) {
	mb, err := r.MergeBase(base, head)
	if err != nil {
		return nil, err
	}
	changes, err := r.Changes(mb, head)
	if err != nil {
		return nil, err
	}
	since, err := r.Changes(mb, base)
	if err != nil {
		return nil, err
	}
	baseFS, err := r.TreeFS(base)
	if err != nil {
		return nil, err
	}
	onBase := make(map[string]Change, len(since))
	for _, c := range since {
		onBase[c.Path] = c
	}
	l := &Landing{Base: base, MergeBase: mb, Head: head, Changes: changes}
	ov := &overlayFS{base: baseFS, files: map[string]*overlayFile{}, read: r.blob, size: r.blobSize}
	for _, c := range changes {
		if c.Invalid != "" {
			continue
		}
		b, both := onBase[c.Path]
		switch {
		case !both:
			ov.put(c.Path, c.To, c.ToHash, nil)
		case b.To == c.To && b.ToHash == c.ToHash:
			// Both made the same change.
		default:
			mode, data, ok, err := r.merge(c, b)
			if err != nil {
				return nil, err
			}
			if !ok {
				l.Conflicts = append(l.Conflicts, c.Path)
				ov.put(c.Path, c.To, c.ToHash, nil)
				continue
			}
			ov.put(c.Path, mode, plumbing.ZeroHash, data)
		}
	}
	ov.index()
	l.FS = ov
	return l, nil
}

// merge merges one file that the pull request (ours) and the base since
// the merge base (theirs) both changed. ok is false on a conflict: a
// deletion against a change, a change of mode on both sides, anything
// but regular files, or text changes that overlap.
func (r *Repo) merge(ours, theirs Change) (filemode.FileMode, []byte, bool, error) {
	if ours.To == 0 || theirs.To == 0 || ours.From == 0 {
		return 0, nil, false, nil // a deletion or an addition on both sides
	}
	mode := ours.To
	switch {
	case ours.To == ours.From:
		mode = theirs.To
	case theirs.To != theirs.From && theirs.To != ours.To:
		return 0, nil, false, nil
	}
	if !mode.IsFile() || mode == filemode.Symlink {
		return 0, nil, false, nil
	}
	var texts [3][]byte
	for i, h := range []plumbing.Hash{ours.FromHash, ours.ToHash, theirs.ToHash} {
		b, err := r.blob(h)
		if err != nil {
			return 0, nil, false, err
		}
		texts[i] = b
	}
	merged, ok := Merge3(texts[0], texts[1], texts[2])
	return mode, merged, ok, nil
}

// blob reads a blob's content.
func (r *Repo) blob(h plumbing.Hash) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.readBlob(h)
}

// blobSize is a blob's size, from its header.
func (r *Repo) blobSize(h plumbing.Hash) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	o, err := r.git.Storer.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return 0, err
	}
	return o.Size(), nil
}

// readBlob is blob with the lock held.
func (r *Repo) readBlob(h plumbing.Hash) ([]byte, error) {
	b, err := r.git.BlobObject(h)
	if err != nil {
		return nil, err
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
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

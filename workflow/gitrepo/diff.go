package gitrepo

import (
	"sort"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

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
	w := &treeReader{objects: objects, trees: newTreeCache(64)}
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
func (w *treeReader) diffModes(old, new plumbing.Hash, dir string, out *[]Change) error {
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

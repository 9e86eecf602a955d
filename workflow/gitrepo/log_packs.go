package gitrepo

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// logPack is one of the repository's pack files, held in memory for a
// log walk, with its index: go-git's file storage reads a pack through a
// 4 KiB buffer that it refills with a seek and a read for every object,
// which for a walk of thousands of commits costs more than the objects'
// decoding. The pack is mapped into memory where the system can (so that
// only the pages read are loaded), or else read whole. Every reader of
// the walk shares it; each has a go-git Scanner of its own over it.
type logPack struct {
	idx  *idxfile.MemoryIndex
	data []byte
}

// maxReadPack is the largest pack read into memory whole where it cannot
// be mapped; a larger one is left to go-git's storage.
const maxReadPack = 512 << 20

// openLogPacks loads the storage's packs and their indexes; a pack that
// cannot be loaded is left out, its objects read through the storage.
func openLogPacks(fs *filesystem.Storage) ([]*logPack, func()) {
	var packs []*logPack
	var releases []func()
	done := func() {
		for _, f := range releases {
			f()
		}
	}
	hashes, err := fs.ObjectPacks()
	if err != nil {
		return nil, done
	}
	for _, h := range hashes {
		p, release, err := loadLogPack(fs, h)
		if err != nil {
			continue
		}
		packs = append(packs, p)
		releases = append(releases, release)
	}
	return packs, done
}

func loadLogPack(fs *filesystem.Storage, h plumbing.Hash) (*logPack, func(), error) {
	name := path.Join("objects", "pack", "pack-"+h.String())
	f, err := fs.Filesystem().Open(name + ".idx")
	if err != nil {
		return nil, nil, err
	}
	idx := idxfile.NewMemoryIndex()
	err = idxfile.NewDecoder(bufio.NewReader(f)).Decode(idx)
	f.Close()
	if err != nil {
		return nil, nil, err
	}
	if data, unmap, err := mapFile(filepath.Join(fs.Filesystem().Root(), filepath.FromSlash(name+".pack"))); err == nil {
		return &logPack{idx: idx, data: data}, unmap, nil
	}
	pf, err := fs.Filesystem().Open(name + ".pack")
	if err != nil {
		return nil, nil, err
	}
	defer pf.Close()
	data, err := io.ReadAll(io.LimitReader(pf, maxReadPack+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > maxReadPack {
		return nil, nil, fmt.Errorf("pack %s is larger than %d bytes", h, maxReadPack)
	}
	return &logPack{idx: idx, data: data}, func() {}, nil
}

// packCursor is one reader's view of a pack.
type packCursor struct {
	*logPack
	scan *packfile.Scanner
}

func newPackCursor(p *logPack) packCursor {
	return packCursor{logPack: p, scan: packfile.NewScanner(bytes.NewReader(p.data))}
}

// packKey names an object by where it is stored: a pack (its place among
// a reader's packs) and an offset in it, as a delta names its base.
type packKey struct {
	pack   int
	offset int64
}

type packedObject struct {
	typ  plumbing.ObjectType
	data []byte
}

// baseCache keeps the objects a reader resolved from packs, by place,
// for the deltas that name them as bases: two generations of at most
// size bytes each, like treeCache.
type baseCache struct {
	size, used int
	cur, old   map[packKey]packedObject
}

func newBaseCache(size int) *baseCache {
	return &baseCache{size: size, cur: map[packKey]packedObject{}}
}

func (c *baseCache) get(k packKey) (packedObject, bool) {
	if o, ok := c.cur[k]; ok {
		return o, true
	}
	if o, ok := c.old[k]; ok {
		c.put(k, o)
		return o, true
	}
	return packedObject{}, false
}

func (c *baseCache) put(k packKey, o packedObject) {
	if c.used+len(o.data) > c.size && len(c.cur) > 0 {
		c.old, c.cur, c.used = c.cur, make(map[packKey]packedObject, len(c.cur)), 0
	}
	c.cur[k] = o
	c.used += len(o.data)
}

// packed returns the object stored at offset in the reader's pack i,
// with its deltas resolved: go-git's Scanner reads the object's header
// and inflates it, go-git's PatchDelta applies a delta to its base.
func (o *logObjects) packed(i int, offset int64, depth int) (packedObject, error) {
	key := packKey{i, offset}
	if obj, ok := o.bases.get(key); ok {
		return obj, nil
	}
	if depth > maxDeltaChain {
		return packedObject{}, fmt.Errorf("more than %d deltas deep", maxDeltaChain)
	}
	p := o.packs[i]
	hdr, err := p.scan.SeekObjectHeader(offset)
	if err != nil {
		return packedObject{}, err
	}
	var buf bytes.Buffer
	if hdr.Length > 0 && hdr.Length < maxReadPack {
		buf.Grow(int(hdr.Length))
	}
	if _, _, err := p.scan.NextObject(&buf); err != nil {
		return packedObject{}, err
	}
	obj := packedObject{typ: hdr.Type, data: buf.Bytes()}
	var base packedObject
	switch hdr.Type {
	case plumbing.OFSDeltaObject:
		base, err = o.packed(i, hdr.OffsetReference, depth+1)
	case plumbing.REFDeltaObject:
		base.typ, base.data, err = o.resolve(hdr.Reference, depth+1)
	default:
		o.bases.put(key, obj)
		return obj, nil
	}
	if err != nil {
		return packedObject{}, fmt.Errorf("reading the base of a delta: %w", err)
	}
	if obj.data, err = packfile.PatchDelta(base.data, obj.data); err != nil {
		return packedObject{}, err
	}
	obj.typ = base.typ
	o.bases.put(key, obj)
	return obj, nil
}

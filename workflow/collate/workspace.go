package collate

import "sync"

// workspace holds the buffers that collating a page needs and the result
// does not keep: tokens, key numbers, the columns under construction, the
// diffs' and pairings' tables. Pages reuse them, so that collating many
// pages allocates little more than the results.
type workspace struct {
	toks     [][]token
	block    []token
	interner interner // key numbers
	arena    arena
	cols     []column
	spare    []column
	differ   differ
	scratch  scratch
	// refine's tables
	first            []int
	pos, start, last []int32
	occ              []holder
	changed, seen    []int32
	settler          settler
	bounds, cut      []int // buildRows' row ends and cuts
	brkState         []uint8
	runs             hashSet // repeats' runs of tokens
	attested         []bool  // weigh's confirmed words, by key number
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

// release drops what refers to the page's texts and returns the
// workspace to the pool.
func (ws *workspace) release() {
	clear(ws.interner.keys)
	clear(ws.block[:cap(ws.block)])
	ws.scratch.keys = nil
	ws.settler.release()
	workspaces.Put(ws)
}

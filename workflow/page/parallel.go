package page

import (
	"context"
	"runtime"
	"sync"

	"github.com/scribe-transcription/scribe/workflow/layout"
	"github.com/scribe-transcription/scribe/workflow/project"
)

// Parallel runs work(i) for i from 0 to n-1 on all cores, at most
// GOMAXPROCS at a time, and waits for them. It stops handing out work
// when the context is done and returns the context's error then.
func Parallel(ctx context.Context, n int, work func(i int)) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				work(i)
			}
		}()
	}
	var err error
	for i := range n {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return err
}

// LoadAll loads pages of doc (all when ids is nil) through the pipeline
// on all cores and returns them in the order asked. The first error, in
// page order, is returned.
func LoadAll(ctx context.Context, repo *layout.Repo, proj *project.Project, doc *project.Document, ids []string) ([]*Page, error) {
	if ids == nil {
		for _, pg := range doc.Pages {
			ids = append(ids, pg.ID)
		}
	}
	pages := make([]*Page, len(ids))
	errs := make([]error, len(ids))
	if err := Parallel(ctx, len(ids), func(i int) {
		pages[i], errs[i] = Load(repo, proj, doc, ids[i])
	}); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return pages, nil
}

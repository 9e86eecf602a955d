package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
)

type logOptions struct {
	*app
	target string // DOCUMENT/PAGE
	asJSON bool
	limit  int
}

func newLogCmd(a *app, runF func(context.Context, *logOptions) error) *cobra.Command {
	if runF == nil {
		runF = runLog
	}
	o := &logOptions{app: a}
	cmd := &cobra.Command{
		Use:   "log DOCUMENT/PAGE",
		Short: "List the commits that changed a page's files",
		Long: `List the commits that changed anything in a page's folder (its readings,
decisions and canonical text), newest first: the author date in UTC, the
commit's short hash, the author, the first line of the message, and each file
changed, relative to the page's folder, marked A (added), M (modified) or
D (deleted); a rename shows as D and A.

Every commit reachable from HEAD is considered, in order of commit date, as git
log does. A merge is listed only for files whose content it made itself, which
differ from every parent (a conflict settled by hand), marked against its first
parent; a clean merge is left out, since the commits it brings in are listed
under their own authors. Nothing is read from the work tree: files not yet
committed do not appear.

--json prints an array of {hash (all 40 digits), date (RFC 3339, UTC), author,
email, message, changes: [{path, change: added|modified|deleted}]}.` + "\n" + exitStatusHelp,
		Example: `  scribe log tasks-of-the-working-class/003
  scribe log 003 --limit 5
  scribe log tasks-of-the-working-class/003 --json`,
		Args: args(oneTarget(cobra.ExactArgs(1))),
		RunE: func(cmd *cobra.Command, argv []string) error {
			o.target = argv[0]
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	cmd.Flags().IntVarP(&o.limit, "limit", "n", 0, "list at most `N` commits (0: all)")
	return cmd
}

// runLog lists the commits that changed the page's folder, newest first.
func runLog(ctx context.Context, o *logOptions) error {
	if o.limit < 0 {
		return usagef("--limit must be 0 (all) or more, not %d", o.limit)
	}
	pg, err := o.page(o.target, "log")
	if err != nil {
		return err
	}
	g, err := gitrepo.Open(pg.repo.Root)
	if err != nil {
		return err
	}
	prefix, err := g.Rel(pg.repo.Abs(layout.PagePath(pg.addr.Document, pg.addr.Page)))
	if err != nil {
		return err
	}
	entries, err := g.PathLog(ctx, prefix, o.limit)
	if err != nil {
		return err
	}
	if o.asJSON {
		if entries == nil {
			entries = []gitrepo.LogEntry{}
		}
		return writeJSON(o.io.Out, entries)
	}
	return renderLog(o.io.Out, pg.addr, entries)
}

func renderLog(w io.Writer, addr layout.Address, entries []gitrepo.LogEntry) error {
	if len(entries) == 0 {
		_, err := fmt.Fprintf(w, "no commits change %s yet\n", addr)
		return err
	}
	for i, e := range entries {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s  %s  %s <%s>\n", e.Date.UTC().Format("2006-01-02 15:04"), e.ShortHash(), e.Author, e.Email)
		if e.Message != "" {
			fmt.Fprintf(w, "    %s\n", e.Message)
		}
		for _, c := range e.Changes {
			fmt.Fprintf(w, "  %s %s\n", c.Change.Letter(), c.Path)
		}
	}
	return nil
}

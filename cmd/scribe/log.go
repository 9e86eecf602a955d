package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
)

func newLogCmd(a *app) *cobra.Command {
	var asJSON bool
	var limit int
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
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if limit < 0 {
				return usageError{fmt.Errorf("--limit must be 0 (all) or more, not %d", limit)}
			}
			repo, _, addr, err := a.page(argv[0], "log")
			if err != nil {
				return err
			}
			g, err := gitrepo.Open(repo.Root)
			if err != nil {
				return err
			}
			prefix, err := g.Rel(repo.Abs(layout.PagePath(addr.Document, addr.Page)))
			if err != nil {
				return err
			}
			entries, err := g.PathLog(cmd.Context(), prefix, limit)
			if err != nil {
				return err
			}
			if asJSON {
				if entries == nil {
					entries = []gitrepo.LogEntry{}
				}
				return writeJSON(a.io.Out, entries)
			}
			return renderLog(a.io.Out, addr, entries)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().IntVarP(&limit, "limit", "n", 0, "list at most `N` commits (0: all)")
	return cmd
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

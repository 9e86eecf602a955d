package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/site"
)

type siteOptions struct {
	*app
	dir string // the folder to write the site in
}

func newSiteCmd(a *app, runF func(context.Context, *siteOptions) error) *cobra.Command {
	if runF == nil {
		runF = runSite
	}
	o := &siteOptions{app: a}
	cmd := &cobra.Command{
		Use:   "site [-o DIR]",
		Short: "Write the project as a static web site",
		Long: `Write the project as a static web site in DIR (default: site): a page for the
project (documents with their progress, contributors, the policy, and where
help is needed with the command to run), one per document (its pages, its
canonical text with a search box, the exports made with scribe export), one per
page (the scan with the OCR's line boxes, the rows with their variants, the
consensus and each decision with its reviewer, date, note and commit) and one
per contributor. Scans in the repository are copied into the site; a scan given
as a URL is linked, never loaded.

The site needs no server and loads nothing from another host: open
DIR/index.html, or publish DIR with a forge's pages service. The same inputs
give the same bytes, and a file is written only when its bytes change. DIR must
be outside transcriptions/. See docs/site.md.` + "\n" + exitStatusHelp,
		Example: `  scribe site
  scribe site -o public`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.dir == "" {
				return usagef("-o names no folder: give one, or leave -o out to write to site")
			}
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVarP(&o.dir, "output", "o", "site", "write the site under `DIR`")
	return cmd
}

// runSite writes the site and says how many files it wrote.
func runSite(ctx context.Context, o *siteOptions) error {
	repo, proj, err := o.project()
	if err != nil {
		return err
	}
	if err := outsideTranscriptions(repo, o.dir); err != nil {
		return usagef("-o %s is inside transcriptions/: write the site to a folder outside it, e.g. -o site", o.dir)
	}
	tuneForWholeProject()
	w := &site.Writer{Dir: o.dir}
	if err := site.Generate(ctx, repo, proj, w, site.Options{}); err != nil {
		return err
	}
	fmt.Fprintf(o.io.Out, "wrote %s of %d in %s; open %s\n", plural(w.Written, "file", "files"), w.Files, o.dir, filepath.Join(o.dir, "index.html"))
	return nil
}

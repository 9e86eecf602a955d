package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
)

func newInitCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Make a directory into a transcription project",
		Long: `Make DIR (default: the current directory) into a scribe project: it writes
transcriptions/project.toml, an example to edit, and transcriptions/CONVENTIONS.md,
the transcription rules for volunteers. When DIR is not inside a git repository,
a new one is created. An existing project.toml is never overwritten.` + "\n" + exitStatusHelp,
		Example: `  scribe init
  scribe init my-edition`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			dir := "."
			if a.repoDir != "" {
				dir = a.repoDir
			}
			if len(argv) == 1 {
				dir = argv[0]
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			written, err := layout.Init(dir)
			if err != nil {
				return err
			}
			created, err := gitrepo.Ensure(dir)
			if err != nil {
				return err
			}
			if created {
				fmt.Fprintf(a.io.Out, "created a git repository in %s\n", dir)
			}
			for _, w := range written {
				fmt.Fprintf(a.io.Out, "wrote %s\n", w)
			}
			fmt.Fprintln(a.io.Out, "next: edit transcriptions/project.toml, then `scribe import DOCUMENT --title … FILE`")
			return nil
		},
	}
}

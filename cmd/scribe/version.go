package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is the release this source tree is.
const version = "0.1.0-dev"

type versionOptions struct {
	*app
	build func() (*debug.BuildInfo, bool) // debug.ReadBuildInfo, or a test's
}

func newVersionCmd(a *app, runF func(context.Context, *versionOptions) error) *cobra.Command {
	if runF == nil {
		runF = runVersion
	}
	return &cobra.Command{
		Use:   "version",
		Short: "Print scribe's version",
		Long: `Print scribe's version, and the commit it was built from when the build
recorded one: "scribe 0.1.0-dev+0123456789ab".` + "\n" + exitStatusHelp,
		Example: "  scribe version",
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runF(cmd.Context(), &versionOptions{app: a, build: debug.ReadBuildInfo})
		},
	}
}

// runVersion prints the version, with the commit it was built from when
// the build recorded one.
func runVersion(_ context.Context, o *versionOptions) error {
	v := version
	if bi, ok := o.build(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += "+" + s.Value[:12]
			}
		}
	}
	_, err := fmt.Fprintf(o.io.Out, "scribe %s\n", v)
	return err
}

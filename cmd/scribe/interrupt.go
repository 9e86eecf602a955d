package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/scribe-transcription/scribe/workflow/layout"
)

// exitInterrupted is the exit status of a command stopped by an interrupt
// before it finished, as a shell reports a process killed by SIGINT.
const exitInterrupted = 130

// interrupts catches SIGINT and SIGTERM for the run of one command. The
// first cancels the command's context: a command still reading or
// working stops before it writes anything, and one already writing
// finishes the write (its write sections do not watch the context), so
// that each file is the old one or the new one and the message says
// which happened. A second signal stops the process at once: that is
// safe too, since every file is replaced in one rename, and a temporary
// file it leaves is outside the project and removed by the next command.
type interrupts struct {
	hit  atomic.Bool
	stop func()
}

func notifyInterrupts(parent context.Context, errOut io.Writer) (context.Context, *interrupts) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	in := &interrupts{}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-ch:
				if in.hit.Swap(true) {
					fmt.Fprintln(errOut, "scribe: interrupted again: stopped at once; every file is whole (each is replaced in one step), and a write under way is simply not made")
					os.Exit(exitInterrupted)
				}
				cancel()
			}
		}
	}()
	// stop leaves the signals caught: restoring their default action
	// would let an interrupt between the end of the command and the exit
	// kill the process after it wrote, without saying so. A signal then
	// is dropped; the process is about to exit.
	in.stop = func() {
		close(done)
		cancel()
	}
	return ctx, in
}

// savedBy says what a verb that writes has saved once it has finished.
var savedBy = map[string]string{
	"decide": "the decision was saved",
	"accept": "the accepted rows were saved",
	"build":  "the build was written",
	"review": "every decision made was saved",
	"add":    "the person was added",
	"import": "the import was written",
	"submit": "the reading was submitted",
	"init":   "the project was created",
}

// reportInterrupt tells what an interrupted command did, and returns the
// exit status: 0 when it finished all it was asked to (the interrupt came
// while it wrote, and the write was completed), exitInterrupted when it
// stopped first. wrote is how many files the command had replaced.
func reportInterrupt(cmd *cobra.Command, err error, wrote int64, streams *IO) int {
	if err == nil {
		what := "the command had finished"
		if cmd != nil {
			if s, ok := savedBy[cmd.Name()]; ok {
				what = s
			}
		}
		fmt.Fprintf(streams.ErrOut, "scribe: interrupted: %s\n", what)
		return exitOK
	}
	if !errors.Is(err, context.Canceled) {
		return exitCode(err, streams)
	}
	if wrote == 0 {
		fmt.Fprintln(streams.ErrOut, "scribe: interrupted before anything was written")
		return exitInterrupted
	}
	again := "the command"
	if cmd != nil {
		again = "`" + strings.TrimSpace(cmd.CommandPath()) + "`"
	}
	fmt.Fprintf(streams.ErrOut, "scribe: interrupted after writing %s, each of them whole; run %s again to finish\n", plural(int(wrote), "file", "files"), again)
	return exitInterrupted
}

// countWrites is how many files this process has replaced so far.
func countWrites() int64 { return layout.Written() }

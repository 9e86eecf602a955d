// Command scribe collates volunteer transcriptions of scanned pages kept in
// a git repository. See the README for the verbs and docs/format.md for the repository layout.
package main

import "os"

func main() {
	os.Exit(Main(os.Args[1:], SystemIO()))
}

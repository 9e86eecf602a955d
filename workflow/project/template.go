package project

import (
	_ "embed"
	"strings"
)

// ExampleProject is the project.toml that `scribe init` writes.
//
//go:embed template/project.toml
var ExampleProject []byte

// ExampleConventions is the CONVENTIONS.md that `scribe init` writes.
//
//go:embed template/CONVENTIONS.md
var ExampleConventions []byte

// ExampleReadme is the README.md that `scribe init` writes beside
// transcriptions/: what the project is, where its files are and how to
// read a page, for the maintainers to complete.
//
//go:embed template/README.md
var ExampleReadme []byte

// ExampleGitignore is the .gitignore that `scribe init` writes: editor
// backups and the files operating systems leave, which are no part of a
// project and which scribe check would report as outside the layout.
//
//go:embed template/gitignore
var ExampleGitignore []byte

// ExampleCodeowners is the .github/CODEOWNERS that `scribe init` writes:
// the maintainers' paths, with a placeholder team to replace.
//
//go:embed template/.github/CODEOWNERS
var ExampleCodeowners []byte

//go:embed template/.github/workflows/scribe-check.yml
var gateWorkflow string

//go:embed template/.github/workflows/scribe-site.yml
var siteWorkflow string

// SiteWorkflow is the .github/workflows/scribe-site.yml that `scribe init
// --site` writes: scribe site on every push to main, published to GitHub
// Pages, with scribe installed at scribeVersion by Go goVersion, as for
// GateWorkflow.
func SiteWorkflow(scribeVersion, goVersion string) []byte {
	return []byte(strings.NewReplacer(
		"__SCRIBE_VERSION__", yamlString(scribeVersion),
		"__GO_VERSION__", yamlString(goVersion),
	).Replace(siteWorkflow))
}

// GateWorkflow is the .github/workflows/scribe-check.yml that `scribe init`
// writes for a repository that holds transcriptions but not scribe's
// source: the pull-request gate and the check after a push, with a scribe
// installed at scribeVersion (a module version or commit hash, as go
// install takes it) by Go goVersion (as actions/setup-go takes it).
func GateWorkflow(scribeVersion, goVersion string) []byte {
	return []byte(strings.NewReplacer(
		"__SCRIBE_VERSION__", yamlString(scribeVersion),
		"__GO_VERSION__", yamlString(goVersion),
	).Replace(gateWorkflow))
}

// yamlString quotes s as a YAML double-quoted scalar, so that a version
// such as 1.30 stays a string.
func yamlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&0xf])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

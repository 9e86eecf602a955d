package project

import _ "embed"

// ExampleProject is the project.toml that `scribe init` writes.
//
//go:embed template/project.toml
var ExampleProject []byte

// ExampleConventions is the CONVENTIONS.md that `scribe init` writes.
//
//go:embed template/CONVENTIONS.md
var ExampleConventions []byte

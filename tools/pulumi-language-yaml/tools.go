//go:build tools

// Package tools pins the YAML language host build; `go build` of the listed package uses this module's go.sum.
package tools

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
)

//go:build tools

// Package tools pins the Pulumi CLI build; `go build` of the listed packages uses this module's go.sum.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)

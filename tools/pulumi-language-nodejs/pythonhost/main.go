// Command pulumi-language-python is what the CLI starts for a Python project: it hands the Python language host of
// github.com/pulumi/pulumi/sdk/v3 v3.68.0 (built next to it as pulumi-language-python-<version>) the project's
// `runtime.options.virtualenv` and root, then becomes that host.
//
// The CLI v3.68 passed a language host its runtime options as flags (`-virtualenv=venv -root=<project dir>`); newer
// CLIs pass only the engine's address and send the options inside each request (ProgramInfo), which the v3.68 host
// does not read. Without this, `runtime: {name: python, options: {virtualenv: venv}}` would be ignored and the
// program run by the python3 on PATH. Only `virtualenv` is passed: the v3.68 host knows no other option (an unknown
// flag would stop it).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/encoding"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "pulumi-language-python: "+format+"\n", args...)
	os.Exit(1)
}

// projectFlags reads the project file above dir: -root and, when set, -virtualenv.
func projectFlags(dir string) []string {
	path, err := workspace.DetectProjectPathFrom(dir)
	if err != nil || path == "" {
		// Not in a project (e.g. `pulumi plugin ls`): the host runs without them, as it would have then.
		return nil
	}
	m, _ := encoding.Detect(path)
	if m == nil {
		fail("cannot read %s: unknown project file format", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		fail("cannot read %s: %v", path, err)
	}
	// Only the runtime: the CLI has validated the rest, against a newer schema than this SDK's.
	var project struct {
		Runtime workspace.ProjectRuntimeInfo `json:"runtime" yaml:"runtime"`
	}
	if err := m.Unmarshal(b, &project); err != nil {
		fail("cannot read the runtime of %s: %v", path, err)
	}
	root := filepath.Dir(path)
	flags := []string{"-root=" + root}
	if v, ok := project.Runtime.Options()["virtualenv"]; ok {
		s, isString := v.(string)
		if !isString || s == "" {
			fail("%s: runtime.options.virtualenv must be a folder name, got %v", path, v)
		}
		flags = append(flags, "-virtualenv="+s)
	}
	return flags
}

func main() {
	self, err := os.Executable()
	if err != nil {
		fail("cannot find itself: %v", err)
	}
	host := filepath.Join(filepath.Dir(self), "pulumi-language-python-"+version.Version)
	if _, err := os.Stat(host); err != nil {
		fail("the language host it runs is missing: %v", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		fail("cannot read the working directory: %v", err)
	}
	// The CLI's arguments (the engine's address last) follow, so a flag it passes itself wins over ours.
	args := append(append([]string{host}, projectFlags(cwd)...), os.Args[1:]...)
	if err := syscall.Exec(host, args, os.Environ()); err != nil {
		fail("cannot run %s: %v", host, err)
	}
}

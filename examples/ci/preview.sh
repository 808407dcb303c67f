#!/usr/bin/env bash
# The pull request's preview: exactly what `pulumi up` would do to the stack, with each changed input, as plain
# text for the review comment. Run from the Pulumi project folder; PULUMI_STACK names the stack. It needs no cloud
# credentials: without them (a pull request from a fork) the in-place changes are still planned, and the output says
# what could not be verified (prices, restore sources, instance addresses).
set -euo pipefail
# With --suppress-progress the CLI writes the provider's lines (prices, what was not verified) to stderr: keep them
# in the text the review comment is made of.
exec 2>&1
pulumi preview --stack "${PULUMI_STACK:?set PULUMI_STACK}" --diff --non-interactive --suppress-progress --color never

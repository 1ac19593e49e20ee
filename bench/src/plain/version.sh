#!/usr/bin/env bash
# Start-up cost of the plain-git side: one git process.
git version

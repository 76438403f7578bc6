#!/usr/bin/env bash
# The peer: Debian's scipy and numpy, run with /usr/bin/python3.
set -euo pipefail
apt-get install -y python3-scipy python3-numpy

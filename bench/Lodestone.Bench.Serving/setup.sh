#!/usr/bin/env bash
# The serving benchmark's tools, all from Debian: the load generator (wrk) and the Python peer (FastAPI + uvicorn serving
# scikit-learn), run with /usr/bin/python3.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq wrk python3-fastapi python3-uvicorn python3-sklearn python3-numpy >/dev/null
/usr/bin/python3 -c "import fastapi, uvicorn, sklearn; print('fastapi', fastapi.__version__, 'uvicorn', uvicorn.__version__, 'sklearn', sklearn.__version__)"
wrk --version 2>&1 | head -1 || true

#!/usr/bin/env bash
# Adds a migration for both providers: ./migrate.sh NAME  (run from anywhere)
set -euo pipefail
cd "$(dirname "$0")/../../.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$1" --project src/Lodestone.Core --context "${provider}LodestoneDb" \
    --output-dir "Data/Migrations/$provider" --namespace "Lodestone.Data.Migrations.$provider"
done

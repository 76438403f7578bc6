#!/usr/bin/env bash
# Adds a migration for both providers: ./migrate.sh NAME  (run from anywhere)
set -euo pipefail
cd "$(dirname "$0")/../../.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$1" --project src/Lodestone.Core --context "${provider}LodestoneDb" \
    --output-dir "Data/Migrations/$provider" --namespace "Lodestone.Data.Migrations.$provider"
done
# EF places the model snapshot by namespace relative to the assembly name (Lodestone.Core), i.e. under Lodestone/;
# keep it beside its provider's migrations.
for provider in Sqlite Postgres; do
  misplaced="src/Lodestone.Core/Lodestone/Data/Migrations/$provider/${provider}LodestoneDbModelSnapshot.cs"
  [ -f "$misplaced" ] && mv "$misplaced" "src/Lodestone.Core/Data/Migrations/$provider/"
done
rm -rf src/Lodestone.Core/Lodestone

package score.checks.broken.nometa

violation contains "x" if false

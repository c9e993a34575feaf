package score.lib.commands_test

import data.score.lib.commands

test_runs_tests_positive if {
	every run in [
		"go test ./...",
		"go test -race -coverprofile=cover.out ./...",
		"gotestsum --junitfile report.xml",
		"npm test",
		"npm run test",
		"npm run test:unit",
		"npm t",
		"npm ci && npm test",
		"yarn test",
		"yarn workspaces run test",
		"pnpm test",
		"pnpm --filter api test",
		"bun test",
		"npx jest --ci",
		"node_modules/.bin/jest",
		"vitest run",
		"pytest -q",
		"python -m pytest tests",
		"python3.12 -m unittest discover",
		"poetry run pytest",
		"uv run pytest",
		"tox -e py312",
		"nox -s tests",
		"python manage.py test",
		"dotnet test --no-build",
		"mix test",
		"cargo test --all",
		"cargo nextest run",
		"bundle exec rspec",
		"bundle exec rake test",
		"bin/rails test",
		"bin/rails test:system",
		"bin/rails db:test:prepare test test:system",
		"bundle exec rails test:all",
		"php artisan test --parallel",
		"php vendor/bin/phpunit --testsuite unit",
		"./vendor/bin/pest --ci",
		"make test",
		"make -C service check",
		"make unit-test",
		"mvn test",
		"mvn -B verify",
		"./mvnw clean package",
		"mvn clean install -DskipTests=false",
		"mvn surefire:test",
		"./gradlew test",
		"./gradlew check",
		"./gradlew build",
		"gradle :app:test --info",
		"./gradlew testDebugUnitTest",
		"./gradlew integrationTest",
		"sh 'mvn -B verify'",
		"sbt clean coverage test coverageReport",
		"sbt -v +test",
		"sbt \"testOnly *Spec\"",
		"./sbt testQuick",
		"sbtn test",
		"./mvnw.cmd verify",
		"gradlew.bat test",
	] {
		commands.runs_tests(run)
	}
}

test_runs_tests_negative if {
	every run in [
		"bin/rails db:test:prepare",
		"go build ./...",
		"go vet ./...",
		"mvn package -DskipTests",
		"mvn -B install -Dmaven.test.skip=true",
		"mvn -Dmaven.test.skip test",
		"mvn test-compile",
		"mvn dependency:tree",
		"./gradlew build -x test",
		"./gradlew assemble",
		"gradle bootJar",
		"npm ci",
		"npm install jest-junit",
		"npm run build",
		"yarn install",
		"make build",
		"make check-format",
		"docker build -t app .",
		"echo testing",
		"cmake --build .",
		"pip install pytest-cov",
		"sbt compile",
		"sbt scalafmtCheckAll",
		"sbt Test/compile",
	] {
		not commands.runs_tests(run)
	}
}

test_measures_coverage_positive if {
	every run in [
		"go test -coverprofile=coverage.out ./...",
		"go test -cover ./...",
		"go tool cover -func=coverage.out",
		"gotestsum -- -coverprofile=cover.out ./...",
		"jest --coverage",
		"npx vitest run --coverage",
		"c8 mocha",
		"nyc npm test",
		"pytest --cov=app",
		"pytest --cov app --cov-report xml",
		"coverage run -m pytest",
		"coverage xml",
		"dotnet test --collect:\"XPlat Code Coverage\"",
		"dotnet test /p:CollectCoverage=true",
		"mvn verify jacoco:report",
		"./gradlew jacocoTestReport",
		"./gradlew koverXmlReport",
		"bash <(curl -s https://codecov.io/bash)",
		"codecov -f coverage.xml",
		"cargo llvm-cov --lcov",
		"mix test --cover",
	] {
		commands.measures_coverage(run)
	}
}

test_measures_coverage_negative if {
	every run in [
		"go test ./...",
		"jest",
		"pytest",
		"npm run build -- --coverage-dir=x",
		"echo cover",
	] {
		not commands.measures_coverage(run)
	}
}

test_matches_needs_the_command_word if {
	commands.matches({"go": `go\s+test`}, "cd api && go test ./...")
	not commands.matches({"go": `go\s+test`}, "cargo test")
	not commands.matches({"jest": `jest`}, "npm install jest-junit")
}

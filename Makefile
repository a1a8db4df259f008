# What a newcomer can do here. Needs only the .NET SDK (and kubectl for the end-to-end tests).
SHELL := /usr/bin/env bash
DOTNET ?= dotnet
CONFIGURATION ?= Release
CLI := $(DOTNET) run --project src/TenantOperator -c $(CONFIGURATION) --
IMG ?= tenant-operator:dev
KUBECTL ?= kubectl
RESULTS := artifacts/test-results
# What `make publish` builds: the operator for one architecture (ARCH: Docker's TARGETARCH, amd64 or arm64; empty
# for this machine's), into PUBLISH_DIR. NO_RESTORE=1 when `make restore` ran before (the Dockerfile's cached layer).
PUBLISH_DIR ?= artifacts/publish
ARCH ?=
OPERATOR_PROJECT := src/TenantOperator/TenantOperator.csproj

.PHONY: help build test test-repeat fuzz run render manifests restore publish docker-build deploy-manifests deploy undeploy bench bench-operator bench-local-apiserver bench-write-path bench-soak bench-soak-leak fuzz-local-apiserver clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

build: ## Build everything with warnings as errors
	$(DOTNET) build TenantOperator.sln -c $(CONFIGURATION)

# dotnet test exits 0 when it finds no test: the summary fails the target then, and on a crashed or missing project run.
test: ## Run every test (unit, property, integration, kubectl end-to-end)
	@rm -rf $(RESULTS)
	$(DOTNET) test TenantOperator.sln -c $(CONFIGURATION) --logger trx --results-directory $(RESULTS); \
	rc=$$?; scripts/test-summary.sh $(RESULTS) || rc=1; exit $$rc

test-repeat: ## Run `make test` N times on a clean clone, naming every failed test (N=20; PROJECT=tests/X runs one project)
	scripts/test-repeat.sh $(or $(N),20) $(PROJECT)

fuzz: ## Property tests with fresh random seeds, 10x the cases (PROPERTY_EXPLORE_SCALE); a failure prints its seed
	PROPERTY_EXPLORE=1 $(DOTNET) test TenantOperator.sln -c $(CONFIGURATION) --filter Category=Property

run: ## Run the operator on the embedded local API server with the samples (Ctrl+C stops it)
	$(CLI) run --local --with-samples

render: ## Print the NetworkPolicies the samples yield, offline
	$(CLI) render -f config/samples

manifests: ## Regenerate the CRD from the C# types
	$(CLI) crd > config/crd/bases/isolation.tenantoperator.io_tenantisolations.yaml

restore: ## Restore the operator's packages (for ARCH when given); the Dockerfile's cached layer
	$(DOTNET) restore $(OPERATOR_PROJECT) $(if $(ARCH),-a $(ARCH))

publish: ## Publish the operator as the image runs it, into PUBLISH_DIR (ARCH=amd64|arm64; the Dockerfile runs this)
	$(DOTNET) publish $(OPERATOR_PROJECT) -c Release -o $(PUBLISH_DIR) --no-self-contained $(if $(ARCH),-a $(ARCH)) $(if $(NO_RESTORE),--no-restore)

docker-build: ## Build the container image IMG (needs a Docker engine; multi-arch: docker buildx build --platform linux/amd64,linux/arm64)
	docker build -t $(IMG) .

# IMG reaches the script through the environment, so no character of it can break the recipe's quoting.
deploy-manifests deploy: export IMG := $(IMG)

deploy-manifests: ## Print what `make deploy` applies: config/default with the manager's image set to IMG
	@scripts/deploy-manifests.sh deploy "$$IMG"

deploy: ## Deploy image IMG (CRD, RBAC, guardrails, the manager and its PDB, NetworkPolicy, PriorityClass) to the current kube-context
	@set -o pipefail; scripts/deploy-manifests.sh deploy "$$IMG" | $(KUBECTL) apply -f -

# The CRD stays: deleting it would delete every TenantIsolation and, through their ownerReferences, every policy
# that isolates a tenant. The policies keep isolating while no operator runs; only changes wait for one.
undeploy: ## Remove what `make deploy` applied, except the CRD and the TenantIsolations (says what it kept)
	@set -o pipefail; scripts/deploy-manifests.sh undeploy | $(KUBECTL) delete --ignore-not-found -f -
	@tenants=$$($(KUBECTL) get tenantisolations.isolation.tenantoperator.io -o name 2>/dev/null | wc -l); \
	echo "kept: customresourcedefinition tenantisolations.isolation.tenantoperator.io and its $$tenants TenantIsolation(s), whose NetworkPolicies keep isolating the tenants."; \
	echo "      To remove those too (this opens the tenants' namespaces): $(KUBECTL) delete tenantisolations --all && $(KUBECTL) delete crd tenantisolations.isolation.tenantoperator.io"

bench: ## Run the BenchmarkDotNet benchmarks (long; not part of make test)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- --filter '*'

bench-operator: ## The operator at scale: 1,000 tenants x 10 namespaces on the local API server (about 15 minutes)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- operator

bench-local-apiserver: ## The local API server with 10,000 namespaces and 50,000 NetworkPolicies
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- local-apiserver

bench-write-path: ## The local API server's write path, in memory and on a data directory (fsync, group commit, restart)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- write-path 20

bench-soak: ## The chaos soak: two replicas, 30 minutes of faults on a fixed seed (MINUTES=, SEED=; make test runs a one-minute variant)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- soak --minutes $(or $(MINUTES),30) --seed $(or $(SEED),13)

bench-soak-leak: ## The leak check: the soak at constant cluster size, one replica, heap after a forced full collection every 30 s (MINUTES=, SEED=)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- soak --constant-size --minutes $(or $(MINUTES),12) --seed $(or $(SEED),13)

fuzz-local-apiserver: ## Fuzz the local API server's request handling with fresh seeds for 10 minutes (prints the seed of a failure)
	$(DOTNET) run -c Release --project bench/TenantOperator.Benchmarks -- fuzz-local-apiserver --minutes 10

clean: ## Remove build output
	$(DOTNET) clean TenantOperator.sln
	rm -rf artifacts

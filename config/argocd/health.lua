-- Argo CD health check for isolation.tenantoperator.io/TenantIsolation: the value of the argocd-cm key
-- resource.customizations.health.isolation.tenantoperator.io_TenantIsolation (config/argocd/kustomization.yaml puts
-- it there). Argo CD runs it with the object in `obj` and reads hs.status and hs.message. It follows the same rules
-- as kstatus (README: GitOps), plus two that Argo CD can express and kstatus cannot:
--   DryRun -> Suspended: the operator does what was asked (plan and report) but enforces and repairs nothing, which is
--             what Suspended means for a paused Rollout or a suspended CronJob. Healthy would claim isolation that is
--             not in force; Progressing would hold sync waves until they time out, since waiting changes nothing.
--   Isolated False -> Degraded: the policies are in place, but another NetworkPolicy opens the tenant boundary.
local hs = {}

local function find(conditions, wanted)
  for _, condition in ipairs(conditions) do
    if condition.type == wanted then
      return condition
    end
  end
  return nil
end

local function describe(condition)
  if condition.message ~= nil and condition.message ~= "" then
    return condition.reason .. ": " .. condition.message
  end
  return condition.reason or ""
end

-- Ready False for these reasons means the spec has to change; the operator marks them Stalled too.
local stalledReasons = { InvalidSpec = true, PolicyNameTaken = true, NamespaceConflict = true }

local status = obj.status
if status == nil or status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

local generation = obj.metadata ~= nil and obj.metadata.generation or nil
if generation ~= nil and status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation) ..
    " (status describes generation " .. tostring(status.observedGeneration) .. ")"
  return hs
end

local ready = find(status.conditions, "Ready")
local stalled = find(status.conditions, "Stalled")
local reconciling = find(status.conditions, "Reconciling")
local isolated = find(status.conditions, "Isolated")

if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled)
  return hs
end

if ready ~= nil and ready.status == "False" and stalledReasons[ready.reason] then
  hs.status = "Degraded"
  hs.message = describe(ready)
  return hs
end

if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(reconciling)
  return hs
end

if ready == nil or ready.status ~= "True" then
  hs.status = "Progressing"
  hs.message = ready ~= nil and describe(ready) or "Waiting for the Ready condition"
  return hs
end

if status.mode == "DryRun" or ready.reason == "DryRun" then
  hs.status = "Suspended"
  hs.message = describe(ready)
  return hs
end

if isolated ~= nil and isolated.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(isolated)
  return hs
end

hs.status = "Healthy"
hs.message = describe(ready)
return hs

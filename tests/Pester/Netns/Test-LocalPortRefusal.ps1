<#
.SYNOPSIS
    Runs inside a fresh network namespace (unshare -n) started by Test-LocalPort.Tests.ps1: asks Test-LocalPort about
    hosts that are not this machine and reports, as JSON, the errors and whether the namespace's IP, ICMP, TCP and
    UDP counters moved. Only this process lives in the namespace, so any packet, DNS query included, would show.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Get-NetCounters { (Get-Content /proc/net/snmp -Raw) + (Get-Content /proc/net/snmp6 -Raw) }

$names = @('192.0.2.1', '198.51.100.7', '8.8.8.8', '::ffff:8.8.8.8', '2001:db8::1', '0.0.0.0', 'example.com', 'localhost.example.com', '10.1.2.3')
$before = Get-NetCounters
$errors = @()
$results = @()
foreach ($name in $names) {
    $err = $null
    $results += @(Test-LocalPort -Port 80, 443 -ComputerName $name -TimeoutMs 2000 -ErrorAction SilentlyContinue -ErrorVariable err)
    $results += @(Test-LocalPort -Port 53 -ComputerName $name -Protocol Udp -TimeoutMs 2000 -ErrorAction SilentlyContinue -ErrorVariable +err)
    foreach ($e in $err) {
        $errors += [pscustomobject]@{
            Name = $name; ErrorId = $e.FullyQualifiedErrorId; Category = "$($e.CategoryInfo.Category)"; Target = "$($e.TargetObject)"
        }
    }
}
$afterRefusals = Get-NetCounters

# The control: the same counters do move for a probe of loopback, so "unchanged" above means something.
$control = Test-LocalPort -Port 9 -ComputerName 127.0.0.1 -TimeoutMs 2000
$afterControl = Get-NetCounters

[pscustomobject]@{
    Names            = $names
    Errors           = $errors
    ResultCount      = $results.Count
    CountersUnchanged = ($before -eq $afterRefusals)
    ControlStatus    = "$($control.Status)"
    ControlMoved     = ($afterRefusals -ne $afterControl)
} | ConvertTo-Json -Depth 4

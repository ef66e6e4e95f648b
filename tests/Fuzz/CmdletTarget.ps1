<#
.SYNOPSIS
    The child side of the fuzzer's cmdlet-level targets: reads one file path per line from stdin, runs the cmdlet a
    user would run on it, and answers one JSON line per file (ErrorIds, messages, whether an error was terminating,
    seconds). If a file kills this session, the fuzzer sees stdout end and keeps that file.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [ValidateSet('policy', 'baseline')] [string] $Kind
)

$ErrorActionPreference = 'Continue'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module $ModulePath -ErrorAction Stop
$WarningPreference = 'SilentlyContinue'

# Processor time, not wall-clock time: on a shared machine the wait for a core is not the cmdlet's cost.
$self = [Diagnostics.Process]::GetCurrentProcess()
while ($null -ne ($path = [Console]::In.ReadLine())) {
    $problems = $null
    $terminating = $false
    $self.Refresh()
    $started = $self.TotalProcessorTime
    try {
        if ($Kind -eq 'policy') {
            $null = Test-LoopbackPolicy -LiteralPath $path -ErrorVariable problems -ErrorAction SilentlyContinue
        }
        else {
            # -Current @(): the baseline file alone is read and compared with nothing, without reading the socket table.
            $null = Compare-LoopbackBaseline -Path $path -Current @() -ErrorVariable problems -ErrorAction SilentlyContinue
        }
    }
    catch {
        $terminating = $true
        $problems = @($_)
    }
    $self.Refresh()
    $seconds = ($self.TotalProcessorTime - $started).TotalSeconds
    $records = @($problems | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    [Console]::Out.WriteLine((ConvertTo-Json -Compress -InputObject ([ordered]@{
                seconds     = $seconds
                terminating = $terminating
                ids         = @($records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
                messages    = @($records | ForEach-Object { [string] $_.Exception.Message })
            })))
    [Console]::Out.Flush()
}

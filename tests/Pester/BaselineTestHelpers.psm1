function New-FleetBaselineFile {
    <#
    Writes a fleet-wide baseline of $Rows listeners in the format of $Path's extension (.csv, .json, .xml), as
    Export-Csv, ConvertTo-Json and Export-Clixml write it: one template Endpoint is exported with the real cmdlet,
    and its text is repeated with each row's values put in place of sentinel values, because exporting 100k objects
    through the cmdlets takes minutes (Export-Clixml: ~2 min here). The shape is a fleet's: host h runs 20 services,
    service k on the same port on every host, each host with its own executable path (/opt/fleet/host<h>/svc<k>).
    Returns the number of rows written.
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [int] $Rows
    )

    $ports = 22, 25, 53, 80, 111, 443, 631, 2379, 3306, 5000, 5432, 6379, 6443, 8080, 8443, 9090, 9100, 9200, 11211, 27017
    $addresses = '0.0.0.0', '127.0.0.1', '::'
    function New-Template {
        $e = [LoopbackTools.Endpoint]::new()
        $e.Protocol = 'Tcp'; $e.State = 'Listen'; $e.AddressFamily = 'IPv4'; $e.Exposure = 'AllInterfaces'
        $e.LocalAddress = '198.51.100.77'; $e.LocalPort = 54321; $e.RemoteAddress = '0.0.0.0'
        $e.ProcessId = 987654; $e.ProcessName = 'SentinelName'; $e.ProcessPath = '/SentinelPath'
        $e.CommandLine = '/SentinelPath --serve'; $e.UserName = 'root'
        $e
    }

    $extension = [IO.Path]::GetExtension($Path).ToLowerInvariant()
    $scratch = Join-Path ([IO.Path]::GetTempPath()) "lbt-template-$([guid]::NewGuid())$extension"
    try {
        switch ($extension) {
            '.csv' {
                New-Template | Export-Csv -Path $scratch; $lines = Get-Content $scratch
                $head = $lines[0] + "`n"; $block = $lines[1] + "`n"; $tail = ''
            }
            '.json' {
                # ConvertTo-Json of two objects: the array's brackets, and one element with its indentation.
                $text = (New-Template), (New-Template) | ConvertTo-Json
                $first = $text.IndexOf('{'); $second = $text.IndexOf('{', $text.IndexOf('}') )
                $head = $text.Substring(0, $first); $block = $text.Substring($first, $second - $first)
                $tail = $text.Substring($text.LastIndexOf('}') + 1)
                $last = $block.Substring(0, $block.LastIndexOf('}') + 1)
            }
            '.xml' {
                # Export-Clixml of two objects: the first defines the type names (TN), the second refers to them
                # (TNRef) as every later object does; later rows repeat the second with their RefIds moved on.
                (New-Template), (New-Template) | Export-Clixml -Path $scratch
                $text = Get-Content $scratch -Raw
                $starts = [regex]::Matches($text, '(?m)^  <Obj RefId=')
                $head = $text.Substring(0, $starts[1].Index)
                $block = $text.Substring($starts[1].Index, $text.LastIndexOf('</Objs>') - $starts[1].Index)
                $tail = '</Objs>' + [Environment]::NewLine
                # Literal text at even indexes, the block's RefIds at odd ones.
                $parts = [regex]::Split($block, '(?<=<Obj[^>]*RefId=")(\d+)(?=")')
                $perRow = ($parts.Count - 1) / 2
            }
            default { throw "New-FleetBaselineFile writes .csv, .json or .xml, not '$extension'" }
        }
    }
    finally { Remove-Item $scratch -ErrorAction SilentlyContinue }

    $writer = [IO.StreamWriter]::new($Path, $false, [Text.UTF8Encoding]::new($false))
    try {
        # For CliXml the head ends where the template's first object starts; row 0 writes that object.
        $writer.Write($(if ($extension -eq '.xml') { $head.Substring(0, $head.IndexOf('<Obj')) } else { $head }))
        for ($i = 0; $i -lt $Rows; $i++) {
            $k = $i % 20
            $h = [math]::Floor($i / 20)
            $row = if ($extension -eq '.json' -and $i -eq $Rows - 1) { $last } else { $block }
            if ($extension -eq '.xml') {
                if ($i -eq 0) {
                    # The template's first object, type names and all: row 0 is the template with its values.
                    $row = $head.Substring($head.IndexOf('<Obj'))
                }
                else {
                    $offset = ($i - 1) * $perRow
                    $text = [Text.StringBuilder]::new()
                    for ($p = 0; $p -lt $parts.Count; $p++) {
                        $null = if ($p % 2) { $text.Append([int] $parts[$p] + $offset) } else { $text.Append($parts[$p]) }
                    }
                    $row = $text.ToString()
                }
            }
            $row = $row.Replace('198.51.100.77', $addresses[$k % 3]).Replace('54321', [string] $ports[$k]).Replace('987654', [string] (1000 + $k))
            $writer.Write($row.Replace('SentinelName', "svc$k").Replace('/SentinelPath', "/opt/fleet/host$h/svc$k"))
        }
        $writer.Write($tail)
    }
    finally { $writer.Dispose() }
    $Rows
}

function Get-ChildPeakMemory {
    <#
    Runs $Script in a fresh pwsh with the module imported and returns what the script wrote plus the child's peak
    resident memory (VmHWM, MiB) and the seconds the script took (module import excluded): a memory bound measured
    where nothing else of the test run is in the same process.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [int] $TimeoutSeconds = 300
    )
    $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-peak-$([guid]::NewGuid()).ps1"
    Set-Content -Path $file -Value @"
Import-Module '$($env:LOOPBACKTOOLS_MODULE)'
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$output = & { $Script }
`$seconds = `$watch.Elapsed.TotalSeconds
`$hwm = (Select-String -Path /proc/self/status -Pattern '^VmHWM:\s+(\d+) kB').Matches[0].Groups[1].Value
[pscustomobject]@{ Output = `$output; Seconds = `$seconds; PeakMiB = [int] `$hwm / 1024 } | ConvertTo-Json -Depth 3 -Compress
"@
    $psi = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    foreach ($a in @([System.Reflection.Assembly]::GetEntryAssembly().Location, '-NoProfile', '-NonInteractive', '-File', $file)) {
        $psi.ArgumentList.Add($a)
    }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $psi.Environment['NO_COLOR'] = '1'
    $process = [System.Diagnostics.Process]::Start($psi)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { throw "the child pwsh did not finish within $TimeoutSeconds s" }
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "the child pwsh failed ($($process.ExitCode)): $($stderr.Result)" }
        ($stdout.Result -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
    }
    finally {
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.Dispose()
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function New-FleetBaselineFile, Get-ChildPeakMemory

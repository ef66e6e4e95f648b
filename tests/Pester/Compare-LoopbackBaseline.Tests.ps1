BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'AuditTestHelpers.psm1') -Force
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) "lbt-baseline-$([guid]::NewGuid())"
    $null = New-Item -ItemType Directory $dir

    # Other processes on this shared machine open and close listeners all the time: assertions look only at the
    # ports this file's own listeners hold.
    function script:Get-ChangeOn {
        param([int[]] $Port, [Parameter(ValueFromPipeline)] $Change)
        process { if ($Change.LocalPort -in $Port) { $Change } }
    }
}
AfterAll { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Compare-LoopbackBaseline round trips' {
    BeforeAll {
        $script:tcp = New-TestTcpListener '127.0.0.1'
        $script:tcp6 = New-TestTcpListener '::1'
        $script:udp = New-TestUdpSocket '127.0.0.1'
        $script:ports = @($tcp.LocalEndpoint.Port, $tcp6.LocalEndpoint.Port, $udp.LocalEndPoint.Port)
        $script:saved = Get-LoopbackEndpoint -Listening
        $saved | Export-Csv (Join-Path $dir 'base.csv')
        $saved | ConvertTo-Json | Set-Content (Join-Path $dir 'base.json')
        $saved | Export-Clixml (Join-Path $dir 'base.xml')
    }
    AfterAll { $tcp.Stop(); $tcp6.Stop(); $udp.Dispose() }

    It 'finds no change on its own listeners through <File>' -TestCases @(@{ File = 'base.csv' }, @{ File = 'base.json' }, @{ File = 'base.xml' }) {
        $changes = @(Compare-LoopbackBaseline -Path (Join-Path $dir $File) | Get-ChangeOn $ports)
        $changes | Should -BeNullOrEmpty
    }

    It 'finds no change with -Baseline objects from <Reader>' -TestCases @(
        @{ Reader = 'Import-Csv'; Load = { Import-Csv (Join-Path $dir 'base.csv') } }
        @{ Reader = 'ConvertFrom-Json (enums as numbers)'; Load = { Get-Content (Join-Path $dir 'base.json') -Raw | ConvertFrom-Json } }
        @{ Reader = 'Import-Clixml'; Load = { Import-Clixml (Join-Path $dir 'base.xml') } }
        @{ Reader = 'live objects'; Load = { $saved } }
    ) {
        $baseline = & $Load
        $current = Get-LoopbackEndpoint -Listening -Port $ports
        @(Compare-LoopbackBaseline -Baseline ($baseline | Where-Object { [int] $_.LocalPort -in $ports }) -Current $current).Count | Should -Be 0
    }

    It 'takes the current side from the pipeline' {
        $baseline = Import-Csv (Join-Path $dir 'base.csv') | Where-Object { [int] $_.LocalPort -in $ports }
        @(Get-LoopbackEndpoint -Listening -Port $ports | Compare-LoopbackBaseline -Baseline $baseline).Count | Should -Be 0
        $added = @(Get-LoopbackEndpoint -Listening -Port $ports | Compare-LoopbackBaseline -Baseline @() -AllowEmptyBaseline)
        $added.Count | Should -Be 3
        $added.ChangeType | Sort-Object -Unique | Should -Be 'Added'
    }
}

Describe 'Compare-LoopbackBaseline changes' {
    It 'reports a listener opened after the baseline as Added and one closed as Removed' {
        $old = New-TestTcpListener '127.0.0.1'
        $baseline = Get-LoopbackEndpoint -Listening
        $new = New-TestTcpListener '127.0.0.1'
        $oldPort = $old.LocalEndpoint.Port
        $old.Stop()
        try {
            $changes = @(Compare-LoopbackBaseline -Baseline $baseline | Get-ChangeOn $oldPort, $new.LocalEndpoint.Port)
            ($changes | Where-Object LocalPort -EQ $oldPort).ChangeType | Should -Be 'Removed'
            $added = $changes | Where-Object LocalPort -EQ $new.LocalEndpoint.Port
            $added.ChangeType | Should -Be 'Added'
            $added.ProcessId | Should -Be $PID
            $added.pstypenames[0] | Should -Be 'LoopbackTools.EndpointChange'
            $added.Time | Should -BeNullOrEmpty
        }
        finally { $new.Stop() }
    }

    It 'does not report a service restarted with a new PID' {
        $port = Get-UnusedTcpPort
        $first = Start-NamedListener -Name 'lbt-restart' -Port $port
        try {
            $baseline = Get-LoopbackEndpoint -Listening -Port $port
            $baseline.ProcessId | Should -Be $first.Process.Id
            $baseline | Export-Csv (Join-Path $dir 'restart.csv')
        }
        finally { Stop-ChildProcess $first.Process }

        $second = Start-NamedListener -Name 'lbt-restart' -Port $port
        try {
            (Get-LoopbackEndpoint -Listening -Port $port).ProcessId | Should -Be $second.Process.Id
            $second.Process.Id | Should -Not -Be $first.Process.Id
            @(Compare-LoopbackBaseline -Path (Join-Path $dir 'restart.csv') | Get-ChangeOn $port).Count | Should -Be 0
        }
        finally { Stop-ChildProcess $second.Process }
    }

    It 'reports a service that moved from 127.0.0.1 to 0.0.0.0 as Changed, with the old and new address and exposure' {
        $port = Get-UnusedTcpPort
        $before = Start-NamedListener -Name 'lbt-move' -Address '127.0.0.1' -Port $port
        try { Get-LoopbackEndpoint -Listening -Port $port | ConvertTo-Json | Set-Content (Join-Path $dir 'move.json') }
        finally { Stop-ChildProcess $before.Process }

        $after = Start-NamedListener -Name 'lbt-move' -Address '0.0.0.0' -Port $port
        try {
            $changes = @(Compare-LoopbackBaseline -Path (Join-Path $dir 'move.json') | Get-ChangeOn $port)
            $changes.Count | Should -Be 1
            $changes[0].ChangeType | Should -Be 'Changed'
            $changes[0].OldLocalAddress | Should -Be '127.0.0.1'
            $changes[0].LocalAddress | Should -Be '0.0.0.0'
            $changes[0].OldExposure | Should -Be 'LoopbackOnly'
            $changes[0].Exposure | Should -Be 'AllInterfaces'
            $changes[0].ChangedProperties | Should -Be 'LocalAddress,Exposure'
            $changes[0].ProcessName | Should -Be 'lbt-move'
            $changes[0].ProcessId | Should -Be $after.Process.Id
        }
        finally { Stop-ChildProcess $after.Process }
    }

    It 'reports a different program on the same port as Removed plus Added' {
        $port = Get-UnusedTcpPort
        $listener = New-TestTcpListener '127.0.0.1' $port
        try { $baseline = Get-LoopbackEndpoint -Listening -Port $port } finally { $listener.Stop() }
        $other = Start-NamedListener -Port $port
        try {
            $changes = @(Compare-LoopbackBaseline -Baseline $baseline -Current (Get-LoopbackEndpoint -Listening -Port $port))
            ($changes.ChangeType | Sort-Object) | Should -Be @('Added', 'Removed')
        }
        finally { Stop-ChildProcess $other.Process }
    }
}

Describe 'Compare-LoopbackBaseline input errors' {
    It 'names the row and the missing property of a file that is not a baseline' {
        $file = Join-Path $dir 'not-a-baseline.csv'
        Get-Process -Id $PID | Select-Object Id, ProcessName | Export-Csv $file
        $err = { Compare-LoopbackBaseline -Path $file -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'InvalidBaselineEntry,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match 'row 1 .* has no Protocol'
    }

    It 'rejects a bad value with the row number' {
        $rows = @(
            [pscustomobject]@{ Protocol = 'Tcp'; LocalAddress = '127.0.0.1'; LocalPort = '80' }
            [pscustomobject]@{ Protocol = 'Tcp'; LocalAddress = '127.0.0.1'; LocalPort = 'eighty' }
        )
        $err = { Compare-LoopbackBaseline -Baseline $rows -Current @() -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'InvalidBaselineEntry,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        $err.Exception.Message | Should -Match "row 2 .* LocalPort 'eighty'"
        $err.TargetObject.LocalPort | Should -Be 'eighty'
    }

    It 'rejects an unknown protocol and lists the valid ones' {
        $sctp = [pscustomobject]@{ Protocol = 'Sctp'; LocalAddress = '::1'; LocalPort = 1 }
        $err = { Compare-LoopbackBaseline -Baseline $sctp -Current @() -ErrorAction Stop } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match "Protocol 'Sctp', which is not one of Tcp, Udp"
    }

    It 'reports <Case> as <ErrorId>' -TestCases @(
        @{ Case = 'a missing file'; File = 'nope.csv'; Content = $null; ErrorId = 'BaselineNotFound'; Category = 'ObjectNotFound' }
        @{ Case = 'an unknown extension'; File = 'base.txt'; Content = 'x'; ErrorId = 'BaselineUnsupportedFormat'; Category = 'InvalidArgument' }
        @{ Case = 'broken JSON'; File = 'broken.json'; Content = '[ { "Protocol": '; ErrorId = 'BaselineUnreadable'; Category = 'ReadError' }
        @{ Case = 'broken CliXml'; File = 'broken.xml'; Content = '<Objs><Obj>'; ErrorId = 'BaselineUnreadable'; Category = 'ReadError' }
    ) {
        $path = Join-Path $dir $File
        if ($null -ne $Content) { Set-Content $path $Content }
        $err = { Compare-LoopbackBaseline -Path $path -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,LoopbackTools.Commands.CompareLoopbackBaselineCommand"
        $err.CategoryInfo.Category | Should -Be $Category
        $err.TargetObject | Should -Be $path
        $err.Exception.Message | Should -Not -Match '   at '
    }
}

Describe 'Compare-LoopbackBaseline refuses an empty baseline unless told it is meant' {
    BeforeAll {
        $script:own = New-TestTcpListener '127.0.0.1'
        $script:ownPort = $own.LocalEndpoint.Port
        Set-Content -Path (Join-Path $dir 'zero.csv') -Value $null -NoNewline
        Set-Content -Path (Join-Path $dir 'header.csv') -Value '"Protocol","LocalAddress","LocalPort"'
        Set-Content -Path (Join-Path $dir 'empty.json') -Value '[]'
    }
    AfterAll { $own.Stop() }

    It 'refuses <File> with BaselineEmpty naming the file' -TestCases @(@{ File = 'zero.csv' }, @{ File = 'header.csv' }, @{ File = 'empty.json' }) {
        $path = Join-Path $dir $File
        $err = { Compare-LoopbackBaseline -Path $path -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'BaselineEmpty,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.TargetObject | Should -Be $path
        $err.Exception.Message | Should -BeLike "*'$path' holds no baseline rows*-AllowEmptyBaseline*"
    }

    It 'compares with <File> under -AllowEmptyBaseline: every listener is Added' -TestCases @(@{ File = 'zero.csv' }, @{ File = 'empty.json' }) {
        $changes = @(Compare-LoopbackBaseline -Path (Join-Path $dir $File) -AllowEmptyBaseline | Get-ChangeOn $ownPort)
        $changes.Count | Should -Be 1
        $changes[0].ChangeType | Should -Be 'Added'
    }

    It 'refuses -Baseline @() and an empty pipeline' {
        { Compare-LoopbackBaseline -Baseline @() -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaselineEmpty,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        { Import-Csv (Join-Path $dir 'header.csv') | Compare-LoopbackBaseline -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaselineEmpty,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        @(Import-Csv (Join-Path $dir 'header.csv') | Compare-LoopbackBaseline -AllowEmptyBaseline | Get-ChangeOn $ownPort).ChangeType |
            Should -Be 'Added'
    }

    It 'refuses an empty baseline in Invoke-LoopbackAudit too, and takes it with -AllowEmptyBaseline' {
        $path = Join-Path $dir 'zero.csv'
        { Invoke-LoopbackAudit -Rule BaselineDrift -BaselinePath $path -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaselineEmpty,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
        { Invoke-LoopbackAudit -Rule BaselineDrift -Baseline @() -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaselineEmpty,LoopbackTools.Commands.InvokeLoopbackAuditCommand'
        $drift = @(Invoke-LoopbackAudit -Rule BaselineDrift -BaselinePath $path -AllowEmptyBaseline | Where-Object LocalPort -EQ $ownPort)
        $drift.Count | Should -Be 1
        $drift[0].Message | Should -BeLike 'New since the baseline*'
    }
}

Describe 'Compare-LoopbackBaseline with baseline rows from the pipeline' {
    BeforeAll {
        $script:tcp = New-TestTcpListener '127.0.0.1'
        $script:port = $tcp.LocalEndpoint.Port
        Get-LoopbackEndpoint -Listening -Port $port | Export-Csv (Join-Path $dir 'piped.csv')
    }
    AfterAll { $tcp.Stop() }

    It 'takes Import-Csv rows piped in as the baseline, without prompting for -Path' {
        # The suite runs -NonInteractive: a prompt for a mandatory parameter would be an error here.
        $changes = @(Import-Csv (Join-Path $dir 'piped.csv') | Compare-LoopbackBaseline -ErrorAction Stop | Get-ChangeOn $port)
        $changes.Count | Should -Be 0
    }

    It 'reports a piped baseline row that is gone as Removed' {
        $row = [pscustomobject]@{ Protocol = 'Tcp'; LocalAddress = '127.0.0.1'; LocalPort = $port; ProcessName = 'not-this-process' }
        $changes = @($row | Compare-LoopbackBaseline | Get-ChangeOn $port)
        ($changes.ChangeType | Sort-Object) | Should -Be @('Added', 'Removed')
    }

    It 'still takes piped objects as the current side when -Baseline or -Path is given' {
        @(Get-LoopbackEndpoint -Listening -Port $port | Compare-LoopbackBaseline -Path (Join-Path $dir 'piped.csv')).Count | Should -Be 0
    }

    It 'names the piped row that is not an endpoint' {
        $err = { 'abc' | Compare-LoopbackBaseline -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'InvalidBaselineEntry,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        $err.Exception.Message | Should -BeLike "Baseline row 1 of the pipeline is the value 'abc', not an object*"
        $err.TargetObject | Should -Be 'abc'
    }
}

Describe 'Compare-LoopbackBaseline baseline paths' {
    BeforeAll {
        $script:a = New-TestTcpListener '127.0.0.1'
        $script:b = New-TestTcpListener '127.0.0.1'
        $script:sub = Join-Path $dir 'paths'
        $null = New-Item -ItemType Directory $sub
        Get-LoopbackEndpoint -Listening -Port $a.LocalEndpoint.Port | Export-Csv (Join-Path $sub 'host-a.csv')
        Get-LoopbackEndpoint -Listening -Port $b.LocalEndpoint.Port | ConvertTo-Json | Set-Content (Join-Path $sub 'host-b.json')
        Get-LoopbackEndpoint -Listening -Port $a.LocalEndpoint.Port | Export-Csv -LiteralPath (Join-Path $sub 'host[1].csv')
        $script:ports = @($a.LocalEndpoint.Port, $b.LocalEndpoint.Port)
    }
    AfterAll { $a.Stop(); $b.Stop() }

    It 'reads every file a wildcard matches as one baseline' {
        @(Compare-LoopbackBaseline -Path (Join-Path $sub 'host-*') | Get-ChangeOn $ports).Count | Should -Be 0
        # Only host-a.csv: b's listener is then new.
        $changes = @(Compare-LoopbackBaseline -Path (Join-Path $sub 'host-?.csv') | Get-ChangeOn $ports)
        $changes.LocalPort | Should -Be $b.LocalEndpoint.Port
        $changes.ChangeType | Should -Be 'Added'
    }

    It 'reads a name with brackets through -LiteralPath, and says so when -Path finds nothing for it' {
        $literal = Join-Path $sub 'host[1].csv'
        @(Compare-LoopbackBaseline -LiteralPath $literal | Get-ChangeOn $a.LocalEndpoint.Port).Count | Should -Be 0
        $err = { Compare-LoopbackBaseline -Path $literal -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'BaselineNotFound,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        $err.Exception.Message | Should -BeLike '*a file of that exact name exists: pass it with -LiteralPath*'
    }

    It 'says a directory is a directory' {
        $err = { Compare-LoopbackBaseline -Path $sub -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'BaselineNotFound,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.TargetObject | Should -Be $sub
        $err.Exception.Message | Should -BeLike "*'$sub' is a directory, not a baseline file*"
        { Compare-LoopbackBaseline -LiteralPath $sub -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaselineNotFound,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
    }

    It 'says when a pattern matches no file' {
        $err = { Compare-LoopbackBaseline -Path (Join-Path $sub 'nothing-*.csv') -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'BaselineNotFound,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        $err.Exception.Message | Should -BeLike '*No baseline file matches the pattern*nothing-`*.csv*'
    }

    It 'takes wildcards and -BaselineLiteralPath in Invoke-LoopbackAudit' {
        @(Invoke-LoopbackAudit -Rule BaselineDrift -BaselinePath (Join-Path $sub 'host-*') | Where-Object LocalPort -In $ports).Count | Should -Be 0
        $new = @(Invoke-LoopbackAudit -Rule BaselineDrift -BaselineLiteralPath (Join-Path $sub 'host[1].csv') | Where-Object LocalPort -In $ports)
        $new.LocalPort | Should -Be $b.LocalEndpoint.Port
    }
}

Describe 'Compare-LoopbackBaseline refuses baseline values the old reader took' {
    It 'refuses <Case> as InvalidBaselineEntry naming the row' -TestCases @(
        @{ Case = 'Protocol 4294967297 (was Udp)'; File = 'proto.json'
            Text = "[`n {`"Protocol`": 0, `"LocalAddress`": `"127.0.0.1`", `"LocalPort`": 1},`n " +
                "{`"Protocol`": 4294967297, `"LocalAddress`": `"127.0.0.1`", `"LocalPort`": 2}`n]"
            Row = 'row 2 (line 3)'; Says = "Protocol '4294967297', which is not one of Tcp, Udp" }
        @{ Case = 'State 4294967296 (was Listen)'; File = 'state.csv'
            Text = "`"Protocol`",`"LocalAddress`",`"LocalPort`",`"State`"`n`"Tcp`",`"127.0.0.1`",`"1`",`"4294967296`""
            Row = 'row 1 (line 2)'; Says = "State '4294967296', which is not one of Listen" }
        @{ Case = 'LocalAddress 2130706433 (was 127.0.0.1)'; File = 'int.csv'
            Text = "`"Protocol`",`"LocalAddress`",`"LocalPort`"`n`"Tcp`",`"2130706433`",`"1`""
            Row = 'row 1 (line 2)'; Says = "LocalAddress '2130706433', which is not an IP address" }
        @{ Case = 'a key twice in a JSON row (last won)'; File = 'dup.json'
            Text = "[`n {`"Protocol`": 0, `"LocalAddress`": `"127.0.0.1`", `"LocalPort`": 1, `"LocalPort`": 2}`n]"
            Row = 'row 1 (line 2)'; Says = "the key 'LocalPort' appears twice" }
    ) {
        $path = Join-Path $dir $File
        Set-Content -Path $path -Value $Text
        $err = { Compare-LoopbackBaseline -Path $path -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'InvalidBaselineEntry,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -BeLike "Baseline $Row of '$path' *$Says*"
    }

    It 'shows the file row as the target object' {
        $path = Join-Path $dir 'int.csv'
        $err = { Compare-LoopbackBaseline -Path $path -ErrorAction Stop } | Should -Throw -PassThru
        $err.TargetObject.LocalAddress | Should -Be '2130706433'
        $err.TargetObject.Protocol | Should -Be 'Tcp'
    }

    It 'says what is wrong with garbage JSON, and where' {
        $path = Join-Path $dir 'garbage.json'
        Set-Content -Path $path -Value "[`n  {`"Protocol`": 0, `"LocalAddress`": `"::1`", `"LocalPort`": 1},`n  garbage`n]"
        $err = { Compare-LoopbackBaseline -Path $path -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'BaselineUnreadable,LoopbackTools.Commands.CompareLoopbackBaselineCommand'
        $err.Exception.Message |
            Should -Be "Baseline file '$path', line 3: JSON syntax error: unexpected 'g' where a value is expected (strings need double quotes)."
    }
}

Describe 'Compare-LoopbackBaseline with a fleet-wide baseline of 100k rows' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'BaselineTestHelpers.psm1') -Force
    }

    It 'compares a 100k-row JSON baseline in bounded memory' {
        # ConvertFrom-Json of such a file peaked at 1.2 GB (21.6 s for 92k rows on an idle machine): the whole file
        # became PowerShell objects before the first row was compared (Import-Csv and Import-Clixml alike; the bench
        # measures all three formats). Rows are now converted as they are read; what remains is the result (100k
        # Removed changes here) and one pwsh, which alone peaks at about 110 MiB.
        $path = Join-Path $dir 'fleet.json'
        New-FleetBaselineFile -Path $path -Rows 100000 | Should -Be 100000
        $run = Get-ChildPeakMemory -Script (
            "@(Compare-LoopbackBaseline -Path '$path' -WarningAction SilentlyContinue | Where-Object ChangeType -EQ Removed).Count")
        Remove-Item $path
        $run.Output | Should -Be 100000
        $run.PeakMiB | Should -BeLessThan 320
        # Against a blow-up on a busy machine, not a timing (a few seconds when idle).
        $run.Seconds | Should -BeLessThan 120
    }
}

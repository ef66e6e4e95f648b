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
        $err = { Compare-LoopbackBaseline -Baseline ([pscustomobject]@{ Protocol = 'Sctp'; LocalAddress = '::1'; LocalPort = 1 }) -Current @() -ErrorAction Stop } | Should -Throw -PassThru
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

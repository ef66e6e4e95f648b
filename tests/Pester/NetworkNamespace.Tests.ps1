<#
    -NetworkNamespace on the read and analysis cmdlets, against real network namespaces this file makes (ip netns add,
    python3 children inside them) and removes. Needs root, as CI runs; without it the tests are skipped.
#>
BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'NamespaceTestHelpers.psm1') -Force
    $script:IsRoot = Test-IsRoot
}

Describe 'Reading other network namespaces' {
    BeforeAll {
        if (-not $IsRoot) { return }
        # The same port in two namespaces, and free on the host: three places, three answers.
        $script:port = Get-TestFreePort
        $script:blue = New-TestNetns
        $script:red = New-TestNetns
        $listen = "s = socket.socket(); s.bind(('127.0.0.1', $port)); s.listen(); ready('listening')"
        $script:inBlue = Start-NetnsChild -Netns $blue.Name -Code $listen
        $script:inRed = Start-NetnsChild -Netns $red.Name -Code $listen
    }
    AfterAll {
        if (-not $IsRoot) { return }
        Stop-NetnsChild $inBlue; Stop-NetnsChild $inRed
        Remove-TestNetns $blue; Remove-TestNetns $red
    }
    BeforeEach { if (-not $IsRoot) { Set-ItResult -Skipped -Because 'making network namespaces needs root' } }

    It 'reads a namespace named <Kind>, each row saying which namespace it is in' -TestCases @(
        @{ Kind = 'by its /run/netns name'; Value = { $blue.Name } }
        @{ Kind = 'by a process in it'; Value = { "$($inBlue.Pid)" } }
        @{ Kind = 'by its inode number'; Value = { "$($blue.Inode)" } }
        @{ Kind = 'by its link text'; Value = { "net:[$($blue.Inode)]" } }
    ) {
        if (-not $IsRoot) { return }
        $rows = @(Get-LoopbackEndpoint -NetworkNamespace (& $Value) -Port $port -Listening)
        $rows.Count | Should -Be 1
        $rows[0].NetworkNamespace | Should -Be $blue.Inode
        $rows[0].ProcessId | Should -Be $inBlue.Pid
        $rows[0].LocalAddress | Should -Be '127.0.0.1'
    }

    It 'leaves other namespaces out by default and reads every one with All' {
        if (-not $IsRoot) { return }
        @(Get-LoopbackEndpoint -Port $port -Listening -Protocol Tcp | Where-Object LocalAddress -EQ '127.0.0.1').Count | Should -Be 0
        $all = @(Get-LoopbackEndpoint -NetworkNamespace All -Port $port -Listening -Protocol Tcp |
                Where-Object NetworkNamespace -In $blue.Inode, $red.Inode)
        $all.Count | Should -Be 2
        ($all.ProcessId | Sort-Object) | Should -Be (@($inBlue.Pid, $inRed.Pid) | Sort-Object)
        $current = (Get-Item /proc/self/ns/net).LinkTarget -replace '^net:\[(\d+)\]$', '$1'
        $own = New-TestTcpListener '127.0.0.1'
        try {
            $mine = @(Get-LoopbackEndpoint -Listening -Port $own.LocalEndpoint.Port)
            $mine.Count | Should -Be 1
            $mine[0].NetworkNamespace | Should -Be ([uint64] $current)
        }
        finally { $own.Stop() }
    }

    It 'writes one NetworkNamespaceNotFound per value that names nothing and still reads the others' {
        if (-not $IsRoot) { return }
        $rows = @(Get-LoopbackEndpoint -NetworkNamespace 'lbt-no-such-netns', $blue.Name -Port $port -Listening `
                -ErrorVariable err -ErrorAction SilentlyContinue)
        $rows.Count | Should -Be 1
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NetworkNamespaceNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'lbt-no-such-netns'
    }

    It 'stops on text that can name no namespace, naming it' {
        $e = { Get-LoopbackEndpoint -NetworkNamespace 'lbt/bad' } | Should -Throw -ErrorId 'InvalidNetworkNamespace*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.TargetObject | Should -Be 'lbt/bad'
        $e.Exception.Message | Should -Not -Match 'at LoopbackTools'
    }

    It 'judges a planned port in each namespace on its own' {
        if (-not $IsRoot) { return }
        $conflicts = @(Find-PortConflict -Port $port -NetworkNamespace $blue.Name, $red.Name, Current | Where-Object Kind -EQ 'InUse')
        $conflicts.Count | Should -Be 2
        ($conflicts.NetworkNamespace | Sort-Object) | Should -Be (@($blue.Inode, $red.Inode) | Sort-Object)
        @(Find-PortConflict -Port $port | Where-Object Kind -EQ 'InUse').Count | Should -Be 0
    }

    It 'names each other namespace in the table''s group header, and leaves the caller''s header as it was' {
        if (-not $IsRoot) { return }
        $own = New-TestTcpListener '127.0.0.1'
        try {
            $ports = $port, $own.LocalEndpoint.Port
            $rows = @(Get-LoopbackEndpoint -NetworkNamespace Current, $blue.Name, $red.Name -Port $ports -Listening -Protocol Tcp)
            $rows.Count | Should -Be 3
            $headers = @($rows | Format-Table | Out-String -Width 80 -Stream | Where-Object { $_ -match '^   ComputerName: ' })
            $headers.Count | Should -Be 3
            $headers[0] | Should -Be "   ComputerName: $([Environment]::MachineName)"
            ($headers[1..2] | Sort-Object) | Should -Be (@($blue.Inode, $red.Inode) | ForEach-Object {
                    "   ComputerName: $([Environment]::MachineName)   NetworkNamespace: net:[$_]" } | Sort-Object)
        }
        finally { $own.Stop() }
    }

    It 'shows the namespace and container columns in the list view' {
        if (-not $IsRoot) { return }
        $text = Get-LoopbackEndpoint -NetworkNamespace $blue.Name -Port $port -Listening | Format-List | Out-String -Width 200
        $text | Should -Match "NetworkNamespace\s+:\s+$($blue.Inode)"
        $text | Should -Match 'ContainerName\s+:'
        $text | Should -Match 'PublishedTo\s+:'
    }

    It 'watches a namespace and tells its changes apart from the host''s' {
        if (-not $IsRoot) { return }
        $shell = [powershell]::Create()
        $late = $null
        try {
            $null = $shell.AddScript({
                param($module, $netns)
                Import-Module $module
                Watch-LoopbackEndpoint -NetworkNamespace $netns -Listening -Protocol Tcp -Interval 0.2 -Count 1 -Duration '00:00:40'
            }).AddArgument($env:LOOPBACKTOOLS_MODULE).AddArgument($red.Name)
            $async = $shell.BeginInvoke()
            Start-Sleep -Seconds 3
            $late = Start-NetnsChild -Netns $red.Name -Code "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); ready(s.getsockname()[1])"
            $changes = @($shell.EndInvoke($async))
            $changes.Count | Should -Be 1
            $changes[0].ChangeType | Should -Be 'Added'
            $changes[0].LocalPort | Should -Be ([int] $late.Line)
            $changes[0].NetworkNamespace | Should -Be $red.Inode
        }
        finally { $shell.Dispose(); Stop-NetnsChild $late }
    }
}

Describe 'Ephemeral ports and audits per namespace' {
    BeforeEach { if (-not $IsRoot) { Set-ItResult -Skipped -Because 'making network namespaces needs root' } }

    It 'counts a namespace''s ephemeral ports against its own range' {
        if (-not $IsRoot) { return }
        $netns = New-TestNetns
        $child = $null
        try {
            & ip netns exec $netns.Name sysctl -q -w 'net.ipv4.ip_local_port_range=45000 45009'
            $child = Start-NetnsChild -Netns $netns.Name -Code @'
s = socket.socket(); s.bind(('127.0.0.1', 5000)); s.listen()
clients = [socket.create_connection(('127.0.0.1', 5000)) for _ in range(3)]
ready('connected')
'@
            $summary = @(Get-EphemeralPortUsage -Summary -Protocol Tcp -NetworkNamespace $netns.Name)
            $summary.Count | Should -Be 1
            $summary[0].NetworkNamespace | Should -Be $netns.Inode
            ($summary[0].StartPort, $summary[0].EndPort) | Should -Be @(45000, 45009)
            $summary[0].PortsInUse | Should -Be 3
            $rows = @(Get-EphemeralPortUsage -Protocol Tcp -NetworkNamespace $netns.Name)
            $rows.Count | Should -Be 1
            $rows[0].PercentUsed | Should -Be 30
            $rows[0].NetworkNamespace | Should -Be $netns.Inode
        }
        finally { Stop-NetnsChild $child; Remove-TestNetns $netns }
    }

    It 'audits every namespace by default as root, judges exposure inside it, and narrows with -NetworkNamespace' {
        if (-not $IsRoot) { return }
        $netns = New-TestNetns
        $child = $null
        $cgroup = $null
        try {
            $port = Get-TestFreePort
            $child = Start-NetnsChild -Netns $netns.Name -Code "s = socket.socket(); s.bind(('0.0.0.0', $port)); s.listen(); ready('listening')"
            $id = -join ((1..64) | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })
            $cgroup = New-TestCgroup -Path "system.slice/docker-$id.scope" -ProcessId $child.Pid

            $findings = @(Invoke-LoopbackAudit -Rule ExposedListener |
                    Where-Object { $_.LocalPort -eq $port -and $_.NetworkNamespace -eq $netns.Inode })
            $findings.Count | Should -Be 1
            $findings[0].ContainerId | Should -Be $id
            $findings[0].ContainerName | Should -BeNullOrEmpty    # no engine state here: never guessed
            $findings[0].Endpoint.ContainerRuntime | Should -Be 'Docker'
            $findings[0].Message | Should -BeLike "*inside container $($id.Substring(0, 12)) (Docker), network namespace net:``[$($netns.Inode)``]*"
            $findings[0].Message | Should -BeLike '*whether the host publishes this port is not known*'
            $findings[0].PublishedOnHost | Should -BeNullOrEmpty

            @(Invoke-LoopbackAudit -Rule ExposedListener -NetworkNamespace Current | Where-Object LocalPort -EQ $port).Count | Should -Be 0
        }
        finally { Stop-NetnsChild $child; Remove-TestCgroup $cgroup; Remove-TestNetns $netns }
    }

    It 'names the unit of a service with a namespace of its own' {
        if (-not $IsRoot) { return }
        $child = $null
        $cgroup = $null
        try {
            $child = Start-NetnsChild -Code "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); ready(s.getsockname()[1])"
            $unit = "lbt-$([guid]::NewGuid().ToString('N').Substring(0, 8)).service"
            $cgroup = New-TestCgroup -Path "system.slice/$unit" -ProcessId $child.Pid
            $rows = @(Get-LoopbackEndpoint -NetworkNamespace $child.Pid -Port ([int] $child.Line) -Listening)
            $rows.Count | Should -Be 1
            $rows[0].Unit | Should -Be $unit
            $rows[0].ContainerRuntime | Should -BeNullOrEmpty
            $rows[0].NetworkNamespace | Should -Be $child.Inode
        }
        finally { Stop-NetnsChild $child; Remove-TestCgroup $cgroup }
    }
}

Describe 'Policies that name containers' {
    BeforeAll {
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) "lbt-container-policies-$([guid]::NewGuid())"
        $null = New-Item -ItemType Directory $dir
    }
    AfterAll { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'accepts Container in a .psd1 and a JSON policy' {
        $psd1 = Join-Path $dir 'ok.psd1'
        Set-Content $psd1 "@{ Listeners = @( @{ Port = 8080; Container = 'web*', 'api' }, @{ Port = 5432; Container = 'db' } ) }"
        $json = Join-Path $dir 'ok.json'
        Set-Content $json '{ "Listeners": [ { "Port": 8080, "Container": "web*" } ] }'
        Test-LoopbackPolicy $psd1 | Should -BeTrue
        Test-LoopbackPolicy $json | Should -BeTrue
    }

    It 'refuses a malformed container pattern with PolicyInvalidContainer, naming where' {
        $bad = Join-Path $dir 'bad.json'
        Set-Content $bad '{ "Listeners": [ { "Port": 8080, "Container": "web[" } ] }'
        $result = Test-LoopbackPolicy $bad -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeFalse
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PolicyInvalidContainer,*'
        $err[0].Exception.Message | Should -BeLike '*Listeners`[0`].Container*'
    }
}

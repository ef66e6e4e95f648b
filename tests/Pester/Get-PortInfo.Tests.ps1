BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $range = (Get-Content /proc/sys/net/ipv4/ip_local_port_range -Raw).Trim() -split '\s+'
    $script:EphemeralLow = [int] $range[0]
    $script:EphemeralHigh = [int] $range[1]
    $script:Localhost = @([System.Net.Dns]::GetHostAddresses('localhost') | ForEach-Object { "$_" })
}

Describe 'Get-PortInfo with a child process listening on 127.0.0.1' {
    BeforeAll {
        $script:port = Get-TestFreePort
        $script:child = Start-ListenerProcess '127.0.0.1'
        $script:childPort = $child.Port
    }
    AfterAll { Stop-ChildProcess $child.Process }

    It 'explains <Text> as <Kind>' -TestCases @(
        @{ Text = '{0}'; Kind = 'None'; Address = ''; Listeners = 1 }
        @{ Text = '127.0.0.1:{0}'; Kind = 'IPv4Loopback'; Address = '127.0.0.1'; Listeners = 1 }
        @{ Text = '[::1]:{0}'; Kind = 'IPv6Loopback'; Address = '::1'; Listeners = 0 }
        @{ Text = '0.0.0.0:{0}'; Kind = 'Wildcard'; Address = '0.0.0.0'; Listeners = 1 }
        @{ Text = '[::]:{0}'; Kind = 'Wildcard'; Address = '::'; Listeners = 0 }
    ) {
        $text = $Text -f $childPort
        $info = Get-PortInfo $text
        $info.Input | Should -Be $text
        $info.Protocol | Should -Be 'Tcp'
        $info.Port | Should -Be $childPort
        $info.AddressKind | Should -Be $Kind
        $info.Address | Should -Be $Address
        $info.Listeners | Should -Be $Listeners
        $info.InEphemeralRange | Should -Be ($childPort -ge $EphemeralLow -and $childPort -le $EphemeralHigh)
        if ($Listeners -gt 0) {
            $info.ProcessId | Should -Be "$($child.Process.Id)"
            $info.ProcessName | Should -BeLike 'python*'
            $info.Endpoints[0].LocalPort | Should -Be $childPort
            $info.Explanation | Should -Match "python3? \(PID $($child.Process.Id)\) listens on 127\.0\.0\.1:$childPort"
        }
        else {
            $info.ProcessId | Should -BeNullOrEmpty
        }
    }

    It 'says a dual-stack :: answers IPv4 and a v6-only :: does not, by the sockets'' own flags' {
        $dual = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::IPv6Any, 0)
        $dual.Server.DualMode = $true
        $dual.Start()
        $v6only = New-TestTcpListener '::'
        try {
            $p = $dual.LocalEndpoint.Port
            (Get-PortInfo "127.0.0.1:$p").Explanation | Should -Match "reaches 127\.0\.0\.1 \(.* answers on :: \(dual-stack\)\)"
            $q = $v6only.LocalEndpoint.Port
            (Get-PortInfo "127.0.0.1:$q").Explanation | Should -Match "reaches 127\.0\.0\.1 \(refused: nothing listens there\)"
        }
        finally { $dual.Stop(); $v6only.Stop() }
    }

    It 'explains an address of this machine''s own interfaces as Other' {
        $own = @([System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces().GetIPProperties().UnicastAddresses.Address |
                Where-Object { $_.AddressFamily -eq 'InterNetwork' -and -not [System.Net.IPAddress]::IsLoopback($_) })
        if ($own.Count -eq 0) { Set-ItResult -Skipped -Because 'this machine has no non-loopback IPv4 address'; return }
        $info = Get-PortInfo "$($own[0]):$childPort"
        $info.AddressKind | Should -Be 'Other'
        $info.Address | Should -Be "$($own[0])"
        $info.Listeners | Should -Be 0
    }

    It 'refuses <Text>, an address this machine does not have, with AddressNotLocal' -TestCases @(
        @{ Text = '8.8.8.8:53' }
        @{ Text = '10.1.2.3:80' }
        @{ Text = '[2001:db8::7]:80' }
    ) {
        $err = $null
        $info = Get-PortInfo $Text -ErrorVariable err -ErrorAction SilentlyContinue
        $info | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'AddressNotLocal,LoopbackTools.Commands.GetPortInfoCommand'
        $err[0].TargetObject | Should -Be $Text
        $err[0].Exception.Message | Should -Not -Match 'refused: nothing listens'
    }

    It 'says which address a client dialling the endpoint reaches, and who answers' {
        (Get-PortInfo "127.0.0.1:$childPort").Explanation |
            Should -Match "dials 127\.0\.0\.1:$childPort reaches 127\.0\.0\.1 \(python3? \(PID $($child.Process.Id)\) answers\)"
        (Get-PortInfo "[::1]:$childPort").Explanation | Should -Match "reaches ::1 \(refused: nothing listens there\)"
    }

    It 'resolves localhost as the resolver does, in its order' {
        $info = Get-PortInfo "localhost:$childPort"
        $info.AddressKind | Should -Be 'Localhost'
        $info.Address | Should -Be 'localhost'
        $info.ResolvedAddresses | Should -Be ($Localhost -join ', ')
        $info.Explanation | Should -Match "clients try $([regex]::Escape($Localhost[0])) first"
        $info.Listeners | Should -Be $(if ($Localhost -contains '127.0.0.1') { 1 } else { 0 })
    }

    It 'reports nothing in use on a free port' {
        $info = Get-PortInfo $port
        $info.Listeners + $info.Connections + $info.TimeWait | Should -Be 0
        $info.Endpoints.Count | Should -Be 0
        $info.Explanation | Should -Match 'No socket uses it right now'
    }
}

Describe 'Get-PortInfo port facts' {
    It 'classifies well-known, registered and dynamic ports with the services file''s names' {
        $ssh = Get-PortInfo 22
        $ssh.PortCategory | Should -Be 'WellKnown'
        $expected = (Select-String -Path /etc/services -Pattern '^(\S+)\s+22/tcp' | Select-Object -First 1).Matches.Groups[1].Value
        $ssh.Service | Should -Be $expected
        $ssh.IsPrivileged | Should -BeTrue
        $ssh.Ranges | Should -Match 'Privileged 0-1023'
        (Get-PortInfo 20000).PortCategory | Should -Be 'Registered'
        (Get-PortInfo 62893).PortCategory | Should -Be 'Dynamic'
    }

    It 'marks a port in the ephemeral range <Low>-<High> and one outside it' -TestCases @(@{ Low = $EphemeralLow; High = $EphemeralHigh }) {
        $inside = Get-PortInfo $EphemeralLow
        $inside.InEphemeralRange | Should -BeTrue
        $inside.Ranges | Should -Match "Ephemeral $EphemeralLow-$EphemeralHigh"
        $inside.Explanation | Should -Match 'ephemeral range'
        (Get-PortInfo ($EphemeralLow - 1)).InEphemeralRange | Should -BeFalse
    }

    It 'answers for UDP and for both protocols with -Protocol' {
        $u = New-TestUdpSocket '127.0.0.1' 0
        try {
            $p = $u.LocalEndPoint.Port
            $rows = @(Get-PortInfo $p -Protocol Tcp, Udp)
            $rows.Protocol | Should -Be @('Tcp', 'Udp')
            $rows[0].Listeners | Should -Be 0
            $rows[1].Listeners | Should -Be 1
            $rows[1].Explanation | Should -Match 'is bound to'
        }
        finally { $u.Dispose() }
    }

    It 'reads a network namespace''s reserved ports and privileged start' {
        $setup = 'echo 20000-20010,30000 > /proc/sys/net/ipv4/ip_local_reserved_ports && echo 800 > /proc/sys/net/ipv4/ip_unprivileged_port_start'
        $json = Invoke-PwshInNetworkNamespace -Setup $setup -Script @'
Import-Module $env:LOOPBACKTOOLS_MODULE
Get-PortInfo 20005, 900, 700 | Select-Object Port, InReservedRange, IsPrivileged, Ranges | ConvertTo-Json
'@
        $rows = @($json | ConvertFrom-Json)
        $rows[0].InReservedRange | Should -BeTrue
        $rows[0].Ranges | Should -Match 'Reserved 20000-20010'
        $rows[1].IsPrivileged | Should -BeFalse
        $rows[2].IsPrivileged | Should -BeTrue
        $rows[2].Ranges | Should -Match 'Privileged 0-799'
    }
}

Describe 'Get-PortInfo input' {
    It 'takes endpoints from the pipeline by value and by property name, in order' {
        $rows = @('22', '127.0.0.1:80' | Get-PortInfo)
        $rows.Input | Should -Be @('22', '127.0.0.1:80')
        $rows = @([pscustomobject]@{ Endpoint = '[::1]:8080' } | Get-PortInfo)
        $rows.Port | Should -Be 8080
        $rows = @([pscustomobject]@{ LocalPort = 443 }, [pscustomobject]@{ Port = 80; Address = '::1' } | Get-PortInfo)
        $rows.Input | Should -Be @('443', '[::1]:80')
    }

    It 'explains the endpoints Get-LoopbackEndpoint lists, with their protocol' {
        $u = New-TestUdpSocket '127.0.0.1' 0
        try {
            $p = $u.LocalEndPoint.Port
            $rows = @(Get-LoopbackEndpoint -Port $p -Protocol Udp | Get-PortInfo)
            $rows.Count | Should -Be 1
            $rows[0].Input | Should -Be "127.0.0.1:$p"
            $rows[0].Protocol | Should -Be 'Udp'
            $rows[0].AddressKind | Should -Be 'IPv4Loopback'
            $rows[0].Listeners | Should -Be 1
        }
        finally { $u.Dispose() }
    }

    It 'rejects <Text> with ErrorId <ErrorId>, the text as target, and carries on' -TestCases @(
        @{ Text = '127.0.0.1:99999'; ErrorId = 'PortOutOfRange' }
        @{ Text = '70000'; ErrorId = 'PortOutOfRange' }
        @{ Text = '0'; ErrorId = 'PortOutOfRange' }
        @{ Text = '1.2.3:80'; ErrorId = 'InvalidAddress' }
        @{ Text = '300.1.1.1:80'; ErrorId = 'InvalidAddress' }
        @{ Text = '[::1'; ErrorId = 'InvalidEndpoint' }
        @{ Text = '[::1]'; ErrorId = 'InvalidEndpoint' }
        @{ Text = '::1:80'; ErrorId = 'InvalidEndpoint' }
        @{ Text = '127.0.0.1:'; ErrorId = 'InvalidEndpoint' }
        @{ Text = ''; ErrorId = 'InvalidEndpoint' }
        @{ Text = '   '; ErrorId = 'InvalidEndpoint' }
        @{ Text = 'example.com:80'; ErrorId = 'UnsupportedHost' }
    ) {
        $errors = $null
        $rows = @(Get-PortInfo $Text, '22' -ErrorVariable errors -ErrorAction SilentlyContinue)
        $rows.Count | Should -Be 1
        $rows[0].Port | Should -Be 22
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be "$ErrorId,LoopbackTools.Commands.GetPortInfoCommand"
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].TargetObject | Should -Be $Text
        $errors[0].Exception.Message | Should -Not -BeNullOrEmpty
        $errors[0].Exception.Message | Should -Not -Match '   at '
    }
}

Describe 'Get-PortInfo output' {
    It 'exports flat CSV with no .NET type names' {
        $l = New-TestTcpListener '127.0.0.1' 0
        try {
            $csv = @(Get-PortInfo "127.0.0.1:$($l.LocalEndpoint.Port)" | ConvertTo-Csv -NoTypeInformation)
            $csv.Count | Should -Be 2
            $csv | Should -Not -Match 'System\.'
            $csv | Should -Not -Match 'LoopbackTools\.'
            $row = $csv | ConvertFrom-Csv
            $row.Endpoints | Should -Match 'Listen'
            $row.AddressKind | Should -Be 'IPv4Loopback'
        }
        finally { $l.Stop() }
    }

    It 'has a table view within the window and a list view with the explanation' {
        $lines = Get-PortInfo 22, 'localhost:8080' | Format-Table | Out-String -Width 120 -Stream | Where-Object { $_.Trim() }
        @($lines -match '^Proto\s+Endpoint\s+Category\s+Service\s+Ranges\s+Used\s+ProcessName').Count | Should -Be 1
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
        (Get-PortInfo 22 | Format-List | Out-String) | Should -Match 'Explanation\s+:'
    }
}

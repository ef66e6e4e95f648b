BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function Send-TcpText([string] $Address, [int] $Port, [string] $Text, [switch] $ToEnd) {
        $ip = [ipaddress]::Parse($Address)
        $client = [System.Net.Sockets.Socket]::new($ip.AddressFamily, 'Stream', 'Tcp')
        $client.ReceiveTimeout = 5000
        try {
            $client.Connect($ip, $Port)
            $null = $client.Send([Text.Encoding]::UTF8.GetBytes($Text))
            $buffer = [byte[]]::new(4096); $received = [Text.StringBuilder]::new()
            do {
                $n = $client.Receive($buffer)
                $null = $received.Append([Text.Encoding]::UTF8.GetString($buffer, 0, $n))
            } while ($n -gt 0 -and ($ToEnd -or $received.Length -lt $Text.Length))
            $received.ToString()
        }
        finally { $client.Dispose() }
    }

    function Wait-Until([scriptblock] $Condition) {
        $deadline = [datetime]::UtcNow.AddSeconds(5)
        while (-not (& $Condition) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        & $Condition
    }
}

AfterAll { Get-LoopbackListener | Stop-LoopbackListener }

Describe 'Start-LoopbackListener over TCP' {
    It 'starts on an ephemeral port, answers, counts, stops and frees its port' {
        $l = Start-LoopbackListener
        try {
            $l.PSObject.TypeNames[0] | Should -Be 'LoopbackTools.LoopbackListener'
            $l.Address | Should -Be '127.0.0.1'
            $l.Port | Should -BeGreaterThan 0
            $l.Protocol | Should -Be 'Tcp'
            $l.StartTime | Should -BeOfType [datetime]
            Test-LocalPort $l.Port -ComputerName 127.0.0.1 -Quiet | Should -BeTrue
            Send-TcpText '127.0.0.1' $l.Port 'hello loopback' | Should -Be 'hello loopback'
            Wait-Until { $l.BytesReceived -eq 14 } | Should -BeTrue
            $l.Connections | Should -BeGreaterOrEqual 2   # Test-LocalPort's probe, then the client
            (Get-LoopbackListener).Id | Should -Contain $l.Id
            (Get-LoopbackEndpoint -Port $l.Port -Listening).ProcessId | Should -Be $PID
        }
        finally { $l | Stop-LoopbackListener }
        $l.IsRunning | Should -BeFalse
        (Get-LoopbackListener).Id | Should -Not -Contain $l.Id
        Test-LocalPort $l.Port -ComputerName 127.0.0.1 | ForEach-Object Status | Should -Be 'Refused'
        $again = New-TestTcpListener '127.0.0.1' $l.Port
        $again.Stop()
    }

    It 'answers -Response to a request and ends the stream' {
        $l = Start-LoopbackListener -Response "HTTP/1.0 200 OK`r`n`r`nhello"
        try { Send-TcpText '127.0.0.1' $l.Port "GET / HTTP/1.0`r`n`r`n" -ToEnd | Should -Be "HTTP/1.0 200 OK`r`n`r`nhello" }
        finally { Stop-LoopbackListener -Id $l.Id }
    }

    It 'listens on ::1 only when asked, which Test-LocalPort reports for localhost' {
        $l = Start-LoopbackListener -Address '::1'
        try {
            $warnings = $null
            $results = @(Test-LocalPort $l.Port -WarningVariable warnings -WarningAction SilentlyContinue)
            ($results | Where-Object Address -eq '::1').Status | Should -Be 'Open'
            ($results | Where-Object Address -eq '127.0.0.1').Status | Should -Be 'Refused'
            $warnings.Count | Should -Be 1
        }
        finally { Stop-LoopbackListener -Id $l.Id }
    }

    It 'takes a free port from Get-FreeLocalPort through the pipeline' {
        $l = Get-FreeLocalPort | Start-LoopbackListener
        try { Send-TcpText '127.0.0.1' $l.Port 'x' | Should -Be 'x' }
        finally { $l | Stop-LoopbackListener }
    }
}

Describe 'Start-LoopbackListener over UDP' {
    It 'echoes datagrams and counts them; Test-LocalPort sees it Open' {
        $l = Start-LoopbackListener -Protocol Udp
        try {
            $client = [System.Net.Sockets.Socket]::new('InterNetwork', 'Dgram', 'Udp')
            $client.ReceiveTimeout = 5000
            try {
                $client.Connect([ipaddress]::Loopback, $l.Port)
                $null = $client.Send([byte[]](1, 2, 3))
                $buffer = [byte[]]::new(16)
                $client.Receive($buffer) | Should -Be 3
            }
            finally { $client.Dispose() }
            Wait-Until { $l.Connections -eq 1 -and $l.BytesReceived -eq 3 } | Should -BeTrue
            (Test-LocalPort $l.Port -ComputerName 127.0.0.1 -Protocol Udp).Status | Should -Be 'Open'
        }
        finally { $l | Stop-LoopbackListener }
    }
}

Describe 'Start-LoopbackListener refusals' {
    It 'refuses the non-loopback address <Address> with a stable error' -TestCases @(
        @{ Address = '192.0.2.1' }, @{ Address = '0.0.0.0' }, @{ Address = '::' }
    ) {
        $err = { Start-LoopbackListener -Address $Address -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ListenerAddressNotLoopback,LoopbackTools.Commands.StartLoopbackListenerCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $Address
        @(Get-LoopbackEndpoint -Listening -ProcessId $PID -WarningAction SilentlyContinue | Where-Object LocalAddress -eq $Address).Count |
            Should -Be 0
    }

    It 'refuses text that is not an address' {
        { Start-LoopbackListener -Address 'localhost' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidListenerAddress,LoopbackTools.Commands.StartLoopbackListenerCommand'
    }

    It 'names the process that already holds the port' {
        $child = Start-ListenerProcess '127.0.0.1' -Marker 'lbt-port-owner'
        try {
            $err = { Start-LoopbackListener -Port $child.Port -ErrorAction Stop } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'PortInUse,LoopbackTools.Commands.StartLoopbackListenerCommand'
            $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $err.TargetObject | Should -Be $child.Port
            $err.Exception.Message | Should -Match "process $($child.Process.Id) \(python"
        }
        finally { Stop-ChildProcess $child.Process }
    }

    It 'starts nothing with -WhatIf' {
        $before = @(Get-LoopbackListener).Count
        Start-LoopbackListener -WhatIf | Should -BeNullOrEmpty
        @(Get-LoopbackListener).Count | Should -Be $before
    }
}

Describe 'Get-LoopbackListener and Stop-LoopbackListener' {
    It 'stops by -Id, by -All, and not at all with -WhatIf' {
        $a = Start-LoopbackListener; $b = Start-LoopbackListener -Protocol Udp; $c = Start-LoopbackListener -Address 127.0.0.2
        Stop-LoopbackListener -All -WhatIf
        @(Get-LoopbackListener -Id $a.Id, $b.Id, $c.Id).Count | Should -Be 3
        Stop-LoopbackListener -Id $a.Id
        $a.IsRunning | Should -BeFalse
        Stop-LoopbackListener -All
        $b.IsRunning | Should -BeFalse
        $c.IsRunning | Should -BeFalse
        @(Get-LoopbackListener).Count | Should -Be 0
    }

    It 'reports an unknown Id as not found' {
        { Get-LoopbackListener -Id 987654 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ListenerNotFound,LoopbackTools.Commands.GetLoopbackListenerCommand'
        { Stop-LoopbackListener -Id 987654 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ListenerNotFound,LoopbackTools.Commands.StopLoopbackListenerCommand'
    }

    It 'has a table view within the window' {
        $l = Start-LoopbackListener -Address '::1'
        try {
            $lines = Get-LoopbackListener | Format-Table | Out-String -Width 120 -Stream | Where-Object { $_.Trim() }
            @($lines -match '^\s*Id\s+Proto\s+Endpoint\s+Connections\s+BytesReceived').Count | Should -Be 1
            ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
            ($lines -join "`n") | Should -Match ([regex]::Escape("[::1]:$($l.Port)"))
        }
        finally { $l | Stop-LoopbackListener }
    }

    It 'closes every listener when the module is removed' {
        $l = Start-LoopbackListener
        $port = $l.Port
        Remove-Module LoopbackTools
        try {
            $probe = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
            try {
                { $probe.Connect([ipaddress]::Loopback, $port) } | Should -Throw '*refused*'
            }
            finally { $probe.Dispose() }
            $l.IsRunning | Should -BeFalse
        }
        finally { Import-Module $env:LOOPBACKTOOLS_MODULE -Force }
    }
}

<#
    Attribution against real container engines (build.ps1 -Task Integration; not in CI). For Podman and, where it can
    be installed and started, Docker: a busybox container listens on its port 8080 inside its own network namespace and
    publishes it on 127.0.0.1; both sides must be attributed to the container by name, with the engine's own id, the
    host side must say where it forwards to, and an audit must say the container's listener is published on the host.
    Every container, network and image made here is removed, a dockerd started here is stopped (its docker0 bridge
    removed), the engines' new cgroup folders are removed and net.ipv4.ip_forward is put back.
#>
BeforeDiscovery {
    $script:Engines = @(
        @{ Engine = 'podman'; Runtime = 'Podman'; Proxy = 'conmon' }
        @{ Engine = 'docker'; Runtime = 'Docker'; Proxy = 'docker-proxy' }
    )
}

BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'ContainersLab.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Pester/TestHelpers.psm1') -Force
    $script:Daemon = $null
    $script:IpForward = Get-IpForwarding
    $script:CgroupsBefore = Get-EngineCgroup
    if (Get-EngineCommand docker) {
        try { $script:Daemon = Start-DockerDaemon } catch { Write-Warning "Docker is installed but dockerd would not start: $_" }
    }
}
AfterAll {
    Stop-DockerDaemon $Daemon
    Restore-IpForwarding $IpForward
    Remove-EngineCgroup -Before $CgroupsBefore
}

Describe '<Engine>: a container with a port published on 127.0.0.1' -ForEach $Engines {
    BeforeAll {
        $script:Skip = $null
        $script:Container = $null
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:Image = "localhost/lbt-int-$($tag):1"
        $script:Network = "lbt-int-$tag"
        $script:Made = @()
        $script:ContainerName = "lbt-int-$Engine-$tag"
        try {
            if (-not (Get-EngineCommand $Engine)) { throw "$Engine is not installed" }
            $null = Invoke-Engine $Engine @('info')
            New-BusyboxImage -Engine $Engine -Tag $Image
            $script:Made += 'image'
            $subnet = if ($Engine -eq 'podman') { '198.19.214.0/24' } else { '198.19.217.0/24' }
            $null = Invoke-Engine $Engine @('network', 'create', '--subnet', $subnet, $Network)
            $script:Made += 'network'
            $script:Made += 'container'
            $script:Container = Start-LabContainer -Engine $Engine -Name $ContainerName -Network $Network -Image $Image -HostPort (Get-TestFreePort)
            # busybox httpd binds once it has started: wait for its listener, read inside the container's namespace.
            for ($i = 0; $i -lt 60; $i++) {
                if (@(Get-LoopbackEndpoint -NetworkNamespace $Container.Pid -Listening -All -Port 8080 -NoOwner).Count -gt 0) { break }
                Start-Sleep -Milliseconds 500
            }
        }
        catch {
            $script:Skip = "$_"
            Write-Host "$Engine lab not set up: $_"
        }
    }
    AfterAll {
        if ($Made -contains 'container') { Remove-LabContainer $Engine $ContainerName }
        if ($Made -contains 'network') { try { $null = Invoke-Engine $Engine @('network', 'rm', $Network) } catch { Write-Warning $_ } }
        if ($Made -contains 'image') { try { $null = Invoke-Engine $Engine @('rmi', '-f', $Image) } catch { Write-Warning $_ } }
    }
    BeforeEach { if ($Skip) { Set-ItResult -Skipped -Because $Skip } }

    It 'attributes the listener inside the container by name, in the container''s namespace' {
        if ($Skip) { return }
        $inode = [uint64] ((Get-Item "/proc/$($Container.Pid)/ns/net").LinkTarget -replace '^net:\[(\d+)\]$', '$1')
        $rows = @(Get-LoopbackEndpoint -NetworkNamespace $Container.Pid -Listening -All -Port 8080)
        $rows.Count | Should -BeGreaterThan 0
        foreach ($row in $rows) {
            $row.NetworkNamespace | Should -Be $inode
            $row.ContainerRuntime | Should -Be $Runtime
            $row.ContainerId | Should -Be $Container.Id
            $row.ContainerName | Should -Be $Container.Name
            $row.ProcessId | Should -Be $Container.Pid
        }
    }

    It 'attributes the host socket that holds the published port to the container, by name, with where it forwards' {
        if ($Skip) { return }
        $rows = @(Get-LoopbackEndpoint -Port $Container.HostPort -Listening -Protocol Tcp | Where-Object LocalAddress -EQ '127.0.0.1')
        $rows.Count | Should -Be 1
        $rows[0].ProcessName | Should -Be $Proxy
        $rows[0].ContainerRuntime | Should -Be $Runtime
        $rows[0].ContainerId | Should -Be $Container.Id
        $rows[0].ContainerName | Should -Be $Container.Name
        $rows[0].PublishedTo | Should -Be "$($Container.Address):8080"
    }

    It 'finds both sides with -NetworkNamespace All, and an audit says the host publishes the container''s port' {
        if ($Skip) { return }
        $all = @(Get-LoopbackEndpoint -NetworkNamespace All -Listening -All -Protocol Tcp | Where-Object ContainerId -EQ $Container.Id)
        ($all | Where-Object PublishedTo).Count | Should -Be 1
        @($all | Where-Object LocalPort -EQ 8080).Count | Should -BeGreaterThan 0

        $findings = @(Invoke-LoopbackAudit -Rule ExposedListener | Where-Object { $_.ContainerId -eq $Container.Id -and $_.LocalPort -eq 8080 })
        $findings.Count | Should -BeGreaterThan 0
        $findings[0].ContainerName | Should -Be $Container.Name
        $findings[0].PublishedOnHost | Should -Be "127.0.0.1:$($Container.HostPort)"
        $findings[0].Message | Should -BeLike "*the host publishes this port as 127.0.0.1:$($Container.HostPort)*"
    }
}

BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) "lbt-policies-$([guid]::NewGuid())"
    $null = New-Item -ItemType Directory $dir

    function script:New-PolicyFile {
        param([string] $Name, [string] $Text)
        $path = Join-Path $dir $Name
        Set-Content -Path $path -Value $Text
        $path
    }
}
AfterAll { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Test-LoopbackPolicy with valid policies' {
    It 'returns $true for the documented .psd1 shape' {
        $path = New-PolicyFile 'ok.psd1' @'
@{
    Description = 'cache host'
    Listeners   = @(
        @{ Port = 6379; Protocol = 'Tcp'; Exposure = 'LoopbackOnly'; Process = 'redis-server' }
        @{ Port = '8000-8100'; Exposure = 'LoopbackOnly', 'AllInterfaces'; Process = 'python*', '/usr/bin/node' }
        @{ Port = 53 }
    )
}
'@
        Test-LoopbackPolicy -Path $path -ErrorVariable errors | Should -BeTrue
        $errors | Should -BeNullOrEmpty
    }

    It 'returns $true for JSON of the same shape' {
        $path = New-PolicyFile 'ok.json' '{ "Listeners": [ { "Port": 6379, "Protocol": "Tcp", "Exposure": "LoopbackOnly", "Process": "redis-server" }, { "Port": "8000-8100" } ] }'
        Test-LoopbackPolicy $path | Should -BeTrue
    }

    It 'takes paths from the pipeline (Get-ChildItem) and answers once per file' {
        $results = @(Get-ChildItem $dir -Filter 'ok.*' | Test-LoopbackPolicy)
        $results.Count | Should -Be 2
        $results | Should -Be @($true, $true)
    }
}

Describe 'Test-LoopbackPolicy with malformed policies' {
    It 'reports <Case> as <ErrorId>, naming the file, line <Line> and the problem' -TestCases @(
        @{ Case = 'a psd1 syntax error'; Name = 'syntax.psd1'; Line = 3; ErrorId = 'PolicySyntaxError'; Category = 'ParserError'; Words = 'Missing'
            Text = "@{`n    Listeners = @(`n        @{ Port = 6379;`n    )`n}" }
        @{ Case = 'a JSON syntax error'; Name = 'syntax.json'; Line = 2; ErrorId = 'PolicySyntaxError'; Category = 'ParserError'; Words = 'quoted key'
            Text = "{ `"Listeners`": [`n { Port: 22 } ] }" }
        @{ Case = 'an unknown key'; Name = 'unknown.psd1'; Line = 3; ErrorId = 'PolicyUnknownKey'; Category = 'InvalidData'; Words = "Listeners\[0\]\.Protocl: unknown key 'Protocl'\. Did you mean 'Protocol'\?"
            Text = "@{`n    Listeners = @(`n        @{ Port = 6379; Protocl = 'Tcp' }`n    )`n}" }
        @{ Case = 'a port out of range'; Name = 'port.psd1'; Line = 2; ErrorId = 'PolicyInvalidPort'; Category = 'InvalidData'; Words = 'Listeners\[0\]\.Port: 70000 is not a port'
            Text = "@{ Listeners = @(`n @{ Port = 70000 } ) }" }
        @{ Case = 'a reversed range'; Name = 'range.json'; Line = 1; ErrorId = 'PolicyInvalidPortRange'; Category = 'InvalidData'; Words = "'9000-8000' starts above its end"
            Text = '{ "Listeners": [ { "Port": "9000-8000" } ] }' }
        @{ Case = 'a bad exposure'; Name = 'exposure.psd1'; Line = 1; ErrorId = 'PolicyInvalidExposure'; Category = 'InvalidData'; Words = "'Public' is not a valid exposure; use LoopbackOnly, AllInterfaces, SpecificInterface"
            Text = "@{ Listeners = @( @{ Port = 1; Exposure = 'Public' } ) }" }
        @{ Case = 'a bad protocol'; Name = 'protocol.json'; Line = 1; ErrorId = 'PolicyInvalidProtocol'; Category = 'InvalidData'; Words = "'Sctp' is not a valid protocol"
            Text = '{ "Listeners": [ { "Port": 1, "Protocol": "Sctp" } ] }' }
        @{ Case = 'a missing port'; Name = 'missing.psd1'; Line = 2; ErrorId = 'PolicyMissingKey'; Category = 'InvalidData'; Words = "Listeners\[0\]: the listener has no 'Port' key"
            Text = "@{ Listeners = @(`n @{ Exposure = 'LoopbackOnly' } ) }" }
        @{ Case = 'a command in a data file'; Name = 'command.psd1'; Line = 2; ErrorId = 'PolicyNotConstant'; Category = 'ParserError'; Words = "only constants .* not 'Get-Random'"
            Text = "@{ Listeners = @(`n @{ Port = (Get-Random) } ) }" }
        @{ Case = 'a duplicate key'; Name = 'duplicate.psd1'; Line = 1; ErrorId = 'PolicyDuplicateKey'; Category = 'ParserError'; Words = "Duplicate keys 'Port'"
            Text = "@{ Listeners = @( @{ Port = 1; Port = 2 } ) }" }
        @{ Case = 'listeners that are not a list'; Name = 'shape.json'; Line = 1; ErrorId = 'PolicyInvalidValue'; Category = 'InvalidData'; Words = "'Listeners' must be a list"
            Text = '{ "Listeners": 22 }' }
    ) {
        $path = New-PolicyFile $Name $Text
        $result = Test-LoopbackPolicy -Path $path -ErrorVariable errors -ErrorAction SilentlyContinue
        $result | Should -BeFalse
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be "$ErrorId,LoopbackTools.Commands.TestLoopbackPolicyCommand"
        $errors[0].CategoryInfo.Category | Should -Be $Category
        $errors[0].TargetObject | Should -Be $path
        $errors[0].Exception.Message | Should -BeLike "Policy file '$path', line $Line*"
        $errors[0].Exception.Message | Should -Match $Words
    }

    It 'gives each malformation its own error id' {
        # The table above covers eleven files; a script can tell their problems apart by ErrorId alone.
        $ids = Get-ChildItem $dir -Exclude 'ok.*' | ForEach-Object {
            $null = Test-LoopbackPolicy $_.FullName -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId
        }
        @($ids | Sort-Object -Unique).Count | Should -BeGreaterOrEqual 9
    }

    It 'reports a missing file as PolicyNotFound and an unknown format as PolicyUnsupportedFormat' {
        $null = Test-LoopbackPolicy (Join-Path $dir 'absent.psd1') -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'PolicyNotFound,LoopbackTools.Commands.TestLoopbackPolicyCommand'
        $e1[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $yaml = New-PolicyFile 'policy.yaml' 'Listeners: []'
        $null = Test-LoopbackPolicy $yaml -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'PolicyUnsupportedFormat,LoopbackTools.Commands.TestLoopbackPolicyCommand'
    }

    It 'does not run code from a .psd1' {
        $marker = Join-Path $dir 'ran.txt'
        $path = New-PolicyFile 'inject.psd1' "@{ Listeners = @( @{ Port = `$(Set-Content '$marker' 'x'; 22) } ) }"
        Test-LoopbackPolicy $path -ErrorAction SilentlyContinue | Should -BeFalse
        Test-Path $marker | Should -BeFalse
    }
}
